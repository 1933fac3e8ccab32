package dev.kiln.cli;

import dev.kiln.testkit.JdbcRows;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Packages from a local folder and from a Maven artifact: namespaced macros, generic tests and models. */
class DepsCommandTest {

    @TempDir
    Path dir;

    /** A JAR in a Maven repository layout under {@code repo}, holding a Kiln package under kiln-package/. */
    private static void publish(Path repo, Map<String, String> files) throws IOException {
        Path jar = repo.resolve("com/example/kiln/finance-pkg/1.0.0/finance-pkg-1.0.0.jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry("kiln-package/" + f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void localAndMavenPackagesGiveNamespacedMacrosGenericTestsAndModels() throws Exception {
        new TempProject(dir.resolve("shared"))
                .file("macros/maths.ftl", "<#function twice x><#return \"(\" + x + \" * 2)\"></#function>\n")
                .file("tests/generic/is_positive.sql", "select * from ${model} where ${column_name} <= 0\n");
        Path repo = dir.resolve("m2");
        publish(repo, Map.of(
                "macros/money.ftl", "<#function cents x><#return \"(\" + x + \" / 100.0)\"></#function>\n",
                "models/fx_rates.sql", "select 'EUR' as currency, 1.0 as rate\n"));
        Path project = dir.resolve("shop");
        new TempProject(project)
                .file("kiln.yml", """
                        name: shop
                        packages:
                          - local: ../shared
                          - maven: com.example.kiln:finance-pkg:1.0.0
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 2}
                        """)
                .file("models/orders.sql", "select 1 as id, ${shared.twice('5')} as doubled, ${finance_pkg.cents('250')} as amount, "
                        + "currency from ${ref('fx_rates')}\n")
                .file("models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: doubled\n"
                        + "        data_tests: [is_positive]\n");

        CliRun before = CliRun.kiln("--project-dir", project.toString(), "build");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(2);
        assertThat(before.err()).contains("Package 'finance_pkg' (com.example.kiln:finance-pkg:1.0.0) is not installed",
                "Run 'kiln deps'");

        CliRun deps = CliRun.kiln("--project-dir", project.toString(), "deps", "--maven-repo", repo.toString());
        assertThat(deps.exitCode()).as(deps.toString()).isZero();
        assertThat(deps.out()).contains("shared: local folder", "finance_pkg: com.example.kiln:finance-pkg:1.0.0 →",
                "(2 files)", "Installed 2 package(s).");
        assertThat(project.resolve("kiln_packages/finance-pkg/macros/money.ftl")).exists();
        assertThat(project.resolve("kiln_packages/finance-pkg/META-INF")).doesNotExist();

        CliRun build = CliRun.kiln("--project-dir", project.toString(), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.out()).contains("fx_rates", "is_positive_orders_doubled");
        assertThat(JdbcRows.query("jdbc:duckdb:" + project.resolve("target/shop.duckdb"),
                "select doubled, amount, currency from orders")).containsExactly("10|2.5|EUR");
    }

    @Test
    void aMacroOfAnUnknownPackageOrABadEntryIsReported() throws Exception {
        Path project = dir.resolve("p");
        new TempProject(project).file("kiln.yml", """
                name: p
                packages:
                  - maven: not-coordinates
                targets:
                  dev: {type: duckdb, path: target/p.duckdb}
                """).file("models/a.sql", "select 1 as id\n");
        CliRun run = CliRun.kiln("--project-dir", project.toString(), "compile");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("kiln.yml:3:", "'not-coordinates' is not groupId:artifactId:version");
    }

    @Test
    void aDbtPackagesFileNamingDbtUtilsGetsAHint() throws Exception {
        Path project = dir.resolve("p");
        new TempProject(project).file("kiln.yml", "name: p\ntargets:\n  dev: {type: duckdb, path: target/p.duckdb}\n")
                .file("packages.yml", "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n")
                .file("models/a.sql", "select 1 as id\n");
        CliRun run = CliRun.kiln("--project-dir", project.toString(), "compile");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("packages.yml:2:", "dbt_utils", "built in");
    }
}
