package dev.kiln.internal.report;

import java.time.Instant;

/**
 * The {@code metadata} block of {@code manifest.json}.
 *
 * @param kilnVersion  Kiln's version
 * @param targetName   the active target
 * @param adapterType  the target's {@code type}
 * @param generatedAt  when the artifact was written
 * @param invocationId a fresh UUID per command
 */
public record ManifestMetadata(String kilnVersion, String targetName, String adapterType, Instant generatedAt,
                               String invocationId) {
}
