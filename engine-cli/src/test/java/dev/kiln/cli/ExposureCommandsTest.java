package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kiln sync}, {@code kiln report}, and exposures in {@code ls} and {@code lineage}, on DuckDB. */
class ExposureCommandsTest {

    @TempDir
    Path dir;

    private TempProject project(String email2) {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                        """)
                .file("models/contacts.sql", "select * from (values (1, 'a@x.io'), (2, " + email2 + ")) t(user_id, email)\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: contacts
                            columns:
                              - name: email
                                data_tests: [not_null]
                        """)
                .file("models/exposures.yml", """
                        version: 2
                        exposures:
                          - name: crm
                            type: application
                            depends_on: ["ref('contacts')"]
                            sync: {to: test_file, model: contacts}
                          - name: contacts_book
                            type: dashboard
                            depends_on: ["ref('contacts')"]
                            report: {path: reports/contacts.xlsx, sheets: [{name: Contacts, model: contacts}]}
                        """);
    }

    private CliRun kiln(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--project-dir";
        all[args.length + 1] = dir.toString();
        return CliRun.kiln(all);
    }

    @Test
    void syncReportLsAndLineage() {
        project("'b@x.io'");
        CliRun build = kiln("build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.out()).containsPattern("OK exposure crm \\.+ \\[sent 2 records in ")
                .containsPattern("OK exposure contacts_book \\.+ \\[wrote 1 sheet, 2 rows to contacts.xlsx in ");
        assertThat(dir.resolve("reports/contacts.xlsx")).exists();

        CliRun dry = kiln("sync", "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("Found 1 model, 1 test, 2 exposures", "  crm: sent 2 rows", "[would send 2 records in ")
                .doesNotContain("contacts_book");

        CliRun report = kiln("report", "-s", "exposure:contacts_book");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("exposure contacts_book").doesNotContain("exposure crm");

        CliRun ls = kiln("ls", "--resource-type", "exposure");
        assertThat(ls.lines()).containsExactly("exposure:shop.contacts_book", "exposure:shop.crm");

        CliRun lineage = kiln("lineage", "contacts.email");
        assertThat(lineage.exitCode()).as(lineage.toString()).isZero();
        assertThat(lineage.out()).contains("exposures downstream: contacts_book, crm");
    }

    @Test
    void aFailingTestSkipsTheSyncAndTheCommandFails() {
        project("null");
        CliRun sync = kiln("build");
        assertThat(sync.exitCode()).isEqualTo(1);
        assertThat(sync.out()).contains("SKIP exposure crm (upstream 'not_null_contacts_email' did not succeed)");
        assertThat(dir.resolve("target/sync/crm/sent.csv")).doesNotExist();
        assertThat(dir.resolve("reports/contacts.xlsx")).doesNotExist();
    }
}
