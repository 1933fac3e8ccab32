package dev.kiln;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A loaded Kiln keeps the settings it was loaded with: the builder is read once, at {@code load()}. */
class KilnSettingsTest {

    @TempDir
    Path dir;

    @Test
    void changingTheBuilderAfterLoadChangesNoLoadedKiln() {
        TempProject p = TempProject.create(dir, "shop", "ansi")
                .file("kiln.yml", """
                        name: shop
                        vars: {region: eu}
                        targets:
                          dev: {type: ansi}
                        """)
                .file("models/a.sql", "select '${var('region')}' as region, '${env_var('WHO', 'nobody')}' as who\n");
        Map<String, String> env = new HashMap<>(Map.of("WHO", "ann"));
        KilnBuilder builder = Kiln.configure().projectDir(p.root()).vars(Map.of("region", "us")).env(env::get)
                .partialParse(false);
        try (Kiln kiln = builder.load()) {
            builder.vars(Map.of("region", "apac")).targetPath(Path.of("elsewhere")).defer(true);
            env.put("WHO", "bob"); // the lookup itself is the caller's: it is read when a template asks
            assertThat(kiln.vars()).containsEntry("region", "us");
            assertThat(kiln.targetDir().getFileName()).isEqualTo(Path.of("target"));
            assertThat(kiln.compile().node("model.shop.a").orElseThrow().compiledSql())
                    .isEqualTo("select 'us' as region, 'bob' as who\n");
        }
    }
}
