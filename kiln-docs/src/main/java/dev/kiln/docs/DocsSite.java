package dev.kiln.docs;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code kiln docs generate}: the project's documentation site in {@code target/docs/}, a static
 * site whose {@code index.html} opens from {@code file://} with no server and no network (its
 * data is JavaScript files beside it, its libraries copied from WebJars into {@code lib/}), and
 * dbt's {@code target/catalog.json}.
 *
 * <pre>{@code
 * try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
 *     DocsSite.Result site = DocsSite.generate(kiln, DocsSite.Options.DEFAULTS);
 *     System.out.println(site.index());
 * }
 * }</pre>
 */
public final class DocsSite {

    /** The site's folder under the target directory. */
    public static final String FOLDER = "docs";
    /** The catalog's file name under the target directory. */
    public static final String CATALOG = "catalog.json";

    private DocsSite() {
    }

    /**
     * How to generate.
     *
     * @param emptyCatalog do not ask the warehouse: write an empty {@code catalog.json} and show
     *                     the columns the YAML and the analysis know ({@code --empty-catalog}, as in dbt)
     */
    public record Options(boolean emptyCatalog) {
        /** Read the catalog from the warehouse. */
        public static final Options DEFAULTS = new Options(false);
    }

    /**
     * What was generated.
     *
     * @param site        the site's folder ({@code target/docs})
     * @param catalogFile {@code target/catalog.json}
     * @param catalog     the catalog written
     * @param nodes       how many nodes the site shows (models, seeds, snapshots, sources, exposures)
     * @param compile     time spent compiling and analysing the project
     * @param readCatalog time spent reading the warehouse's catalog
     * @param write       time spent writing the site
     */
    public record Result(Path site, Path catalogFile, CatalogJson catalog, int nodes, Duration compile,
                         Duration readCatalog, Duration write) {

        /** The page to open. */
        public Path index() {
            return site.resolve("index.html");
        }
    }

    /**
     * Compiles the project (if not yet), reads the catalog, writes {@code catalog.json} and the site. Unless the
     * catalog is empty, the columns of the sources are read from the warehouse first ({@link Kiln#readSourceColumns()}),
     * so the site's column lineage knows those YAML does not list.
     */
    public static Result generate(Kiln kiln, Options options) {
        Instant t0 = Instant.now();
        if (!options.emptyCatalog()) {
            kiln.readSourceColumns();
        }
        CompiledProject project = kiln.compile();
        AnalysisReport analysis = kiln.analysis();
        Instant t1 = Instant.now();
        CatalogJson catalog = options.emptyCatalog() ? CatalogJson.empty(project) : CatalogJson.read(kiln);
        Path catalogFile = kiln.targetDir().resolve(CATALOG);
        catalog.write(catalogFile);
        Instant t2 = Instant.now();
        SiteInput input = new SiteInput(project, analysis, catalog, RunState.read(kiln.targetDir()),
                Overview.read(project.project().config()), kiln.target().name(), kiln.target().type(), Instant.now());
        Path site = kiln.targetDir().resolve(FOLDER);
        int nodes = write(input, site);
        return new Result(site, catalogFile, catalog, nodes, Duration.between(t0, t1), Duration.between(t1, t2),
                Duration.between(t2, Instant.now()));
    }

    /** Writes the site of {@code input} into {@code site}, replacing what was there only once it is complete. */
    static int write(SiteInput input, Path site) {
        Path staged = site.resolveSibling("." + site.getFileName() + "." + UUID.randomUUID() + ".new");
        try {
            SiteAssets.copy(staged);
            SiteData data = new SiteData(input);
            data.write(staged.resolve("data"));
            SiteFiles.swapIn(staged, site);
            return data.size();
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Could not write the docs site in " + site + ": " + e.getMessage()
                    + ". Check that the folder is writable and the disk is not full.", e);
        } finally {
            try {
                SiteFiles.deleteTree(staged);
            } catch (IOException ignored) {
                // a leftover staging folder, named with a leading dot: harmless
            }
        }
    }
}
