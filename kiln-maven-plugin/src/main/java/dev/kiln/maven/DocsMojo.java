package dev.kiln.maven;

import dev.kiln.Kiln;
import dev.kiln.docs.DocsSite;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the docs site ({@code target/docs/index.html}, opens from {@code file://}) and dbt's
 * {@code target/catalog.json}, like {@code kiln docs generate}; see docs/docs-site.md.
 */
@Mojo(name = "docs", defaultPhase = LifecyclePhase.SITE, requiresProject = false, threadSafe = true)
public class DocsMojo extends AbstractKilnMojo {

    /** Do not connect to the warehouse: an empty catalog, columns from YAML and the analysis. */
    @Parameter(property = "kiln.emptyCatalog", defaultValue = "false")
    protected boolean emptyCatalog;

    @Override
    protected String goal() {
        return "docs";
    }

    @Override
    protected void execute(Kiln kiln) {
        DocsSite.Result r = DocsSite.generate(kiln, new DocsSite.Options(emptyCatalog));
        getLog().info("Catalog: " + MavenLogListener.plural(r.catalog().nodes().size(), "node") + " and "
                + MavenLogListener.plural(r.catalog().sources().size(), "source") + " found in the warehouse → "
                + r.catalogFile());
        getLog().info("Docs site: " + MavenLogListener.plural(r.nodes(), "node") + " → " + r.index().toUri());
    }
}
