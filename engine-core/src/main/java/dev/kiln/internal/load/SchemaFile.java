package dev.kiln.internal.load;

import dev.kiln.UnitTestSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one dbt-format YAML file declares.
 *
 * @param path      relative to the project directory
 * @param models    model patches
 * @param seeds     seed patches
 * @param snapshots snapshot declarations
 * @param sources   source tables
 * @param unitTests unit tests
 * @param exposures exposures, their {@code depends_on} not yet resolved
 */
record SchemaFile(Path path, List<Patch> models, List<Patch> seeds, List<Patch> snapshots,
                  List<SourceDecl> sources, List<UnitTestSpec> unitTests, List<ExposureDecl> exposures) {
}
