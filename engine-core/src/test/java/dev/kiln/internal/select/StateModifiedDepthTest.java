package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.Kiln;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code state:modified} beyond the SQL text: a production manifest is written by a real
 * compile and kept as {@code prod-state}; then a macro a model calls (through another macro), a
 * var or env var a model reads, a contract, or an exposure changes, and the state selectors
 * must list exactly the nodes concerned.
 */
class StateModifiedDepthTest {

    @TempDir
    Path dir;
    private TempProject project;
    private Path state;
    private final Map<String, String> env = new HashMap<>(Map.of("REGION", "eu"));

    @BeforeEach
    void production() throws IOException {
        project = TempProject.create(dir.resolve("p"), "shop", "ansi")
                .file("kiln.yml", """
                        name: shop
                        vars:
                          min_amount: 10
                        targets:
                          dev: {type: ansi}
                        """)
                .file("macros/money.ftl", """
                        <#function cents_to_dollars col>
                          <#return "(" + col + " / 100.0)">
                        </#function>
                        <#function amount col>
                          <#return cents_to_dollars(col)>
                        </#function>
                        """)
                .file("macros/other.ftl", """
                        <#function unused_helper x><#return x></#function>
                        """)
                .file("models/orders.sql", "select 1 as order_id, 250 as amount_cents\n")
                .file("models/fct_orders.sql", """
                        select order_id, ${amount('amount_cents')} as amount
                        from ${ref('orders')}
                        where amount_cents >= ${var('min_amount')}
                        """)
                .file("models/regional.sql", "select '${env_var('REGION', 'us')}' as region\n")
                .file("models/contracted.sql", "select 1 as id\n")
                .file("models/schema.yml", schema("integer", "Finance"));
        try (Kiln kiln = kiln(null)) {
            kiln.compile();
        }
        state = dir.resolve("prod-state");
        Files.createDirectories(state);
        Files.copy(project.root().resolve("target/manifest.json"), state.resolve("manifest.json"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** models/schema.yml: the contracted model's {@code id} of type {@code idType}, and the exposure owned by {@code owner}. */
    private static String schema(String idType, String owner) {
        return """
                version: 2
                models:
                  - name: contracted
                    config: {contract: {enforced: true}}
                    columns:
                      - {name: id, data_type: %s}
                exposures:
                  - name: weekly
                    type: dashboard
                    owner: {name: %s}
                    depends_on: [ref('fct_orders')]
                """.formatted(idType, owner);
    }

    private Kiln kiln(Path stateDir) {
        var b = Kiln.configure().projectDir(project.root()).env(env::get);
        if (stateDir != null) {
            b.state(stateDir);
        }
        return b.load();
    }

    private List<String> ls(String spec) {
        try (Kiln kiln = kiln(state)) {
            return kiln.list(Selection.parse(spec)).stream().map(CompiledNode::name).toList();
        }
    }

    @Test
    void nothingChangedSelectsNothing() {
        assertThat(ls("state:modified")).isEmpty();
        assertThat(ls("state:new")).isEmpty();
    }

    @Test
    void aMacroCalledThroughAnotherMacroMarksTheModel() {
        project.file("macros/money.ftl", """
                <#function cents_to_dollars col>
                  <#return "(" + col + " / 100.00)">
                </#function>
                <#function amount col>
                  <#return cents_to_dollars(col)>
                </#function>
                """);
        assertThat(ls("state:modified")).containsExactly("fct_orders");
        assertThat(ls("state:modified.macros")).containsExactly("fct_orders");
        assertThat(ls("state:modified.body")).isEmpty();
        assertThat(ls("state:modified.configs")).isEmpty();
    }

    @Test
    void aMacroNobodyCallsMarksNothing() {
        project.file("macros/other.ftl", "<#function unused_helper x><#return x + 1></#function>\n");
        assertThat(ls("state:modified")).isEmpty();
    }

    @Test
    void aVarOrEnvVarWithAnotherValueMarksTheNodesThatReadIt() {
        try (Kiln kiln = Kiln.configure().projectDir(project.root()).env(env::get).state(state)
                .vars(Map.of("min_amount", 20)).load()) {
            assertThat(kiln.list(Selection.parse("state:modified")).stream().map(CompiledNode::name))
                    .containsExactly("fct_orders");
            assertThat(kiln.list(Selection.parse("state:modified.vars")).stream().map(CompiledNode::name))
                    .containsExactly("fct_orders");
        }
        env.put("REGION", "us");
        assertThat(ls("state:modified")).containsExactly("regional");
        assertThat(ls("state:modified.body")).isEmpty();
    }

    @Test
    void aContractColumnRetypedIsAContractChange() {
        project.file("models/schema.yml", schema("bigint", "Finance"));
        assertThat(ls("state:modified.contract")).containsExactly("contracted");
        assertThat(ls("state:modified.body")).isEmpty();
    }

    @Test
    void anUnchangedExposureIsNotNewAndAChangedOneIsModified() {
        assertThat(ls("resource_type:exposure")).containsExactly("weekly");
        assertThat(ls("state:new")).isEmpty();
        project.file("models/schema.yml", schema("integer", "Finance and Ops"));
        assertThat(ls("state:modified")).containsExactly("weekly");
        assertThat(ls("state:new")).isEmpty();
    }
}
