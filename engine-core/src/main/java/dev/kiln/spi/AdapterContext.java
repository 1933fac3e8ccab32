package dev.kiln.spi;

import dev.kiln.TargetConfig;

import java.nio.file.Path;

/**
 * What an adapter is opened with.
 *
 * @param target      the target's settings from {@code kiln.yml}
 * @param projectRoot the project directory; relative paths in settings resolve against it
 */
public record AdapterContext(TargetConfig target, Path projectRoot) {
}
