package dev.kiln.maven;

import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlVarsTest {

    @Test
    void aMappingKeepsTypesAndDatesStayText() {
        assertThat(YamlVars.mapping("{as_of: 2026-11-01, limit: 10, ratio: 0.5, on: true, tags: [a, b], none: null}"))
                .containsEntry("as_of", "2026-11-01")
                .containsEntry("limit", 10)
                .containsEntry("ratio", 0.5)
                .containsEntry("on", true)
                .containsEntry("tags", List.of("a", "b"))
                .containsEntry("none", null);
        assertThat(YamlVars.mapping("  ")).isEmpty();
        assertThat(YamlVars.mapping(null)).isEmpty();
    }

    @Test
    void pomValuesReadAsYamlScalars() {
        assertThat(YamlVars.scalar("10")).isEqualTo(10);
        assertThat(YamlVars.scalar("2026-11-01")).isEqualTo("2026-11-01");
        assertThat(YamlVars.scalar("free")).isEqualTo("free");
        assertThat(YamlVars.scalar("[free, premium]")).isEqualTo(List.of("free", "premium"));
        assertThat(YamlVars.scalar("a: b: c")).isEqualTo("a: b: c");
        assertThat(YamlVars.scalar("")).isEqualTo("");
    }

    @Test
    void notAMappingIsAUsageError() {
        assertThatThrownBy(() -> YamlVars.mapping("[1, 2]")).isInstanceOf(KilnException.class)
                .hasMessageContaining("is not a YAML mapping");
        assertThatThrownBy(() -> YamlVars.mapping("{a: [}")).isInstanceOf(KilnException.class)
                .hasMessageContaining("is not valid YAML");
        assertThat(YamlVars.mapping("{a: {b: 1}}")).isEqualTo(Map.of("a", Map.of("b", 1)));
    }
}
