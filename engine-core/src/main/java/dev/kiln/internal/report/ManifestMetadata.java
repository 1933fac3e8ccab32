package dev.kiln.internal.report;

import java.time.Instant;

/**
 * The {@code metadata} of the artifacts ({@code manifest.json}, {@code run_results.json}, {@code sources.json}).
 *
 * @param kilnVersion   Kiln's version
 * @param targetName    the active target
 * @param adapterType   the target's {@code type}
 * @param generatedAt   when the artifact was written
 * @param invocationId  a fresh UUID per command
 * @param targetSchema  the target's schema (where a node without a {@code schema} config lands), or {@code null}
 */
public record ManifestMetadata(String kilnVersion, String targetName, String adapterType, Instant generatedAt,
                               String invocationId, String targetSchema) {

    /** Metadata without a target schema. */
    public ManifestMetadata(String kilnVersion, String targetName, String adapterType, Instant generatedAt,
                            String invocationId) {
        this(kilnVersion, targetName, adapterType, generatedAt, invocationId, null);
    }

    /**
     * {@code metadata.env}: what dbt's metadata has no field for (Kiln's version, the target), as the string map
     * dbt keeps for custom environment values.
     */
    public java.util.Map<String, String> env() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        if (kilnVersion != null) {
            env.put("KILN_VERSION", kilnVersion);
        }
        if (targetName != null) {
            env.put("KILN_TARGET", targetName);
        }
        if (adapterType != null) {
            env.put("KILN_ADAPTER_TYPE", adapterType);
        }
        return env;
    }
}
