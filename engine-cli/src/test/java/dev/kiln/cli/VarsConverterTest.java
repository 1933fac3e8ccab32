package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VarsConverterTest {

    private final VarsConverter converter = new VarsConverter();

    @Test
    void readsYamlAndJsonMappingsAsPlainValues() {
        Map<String, Object> v = converter.convert("{as_of: 2026-11-01, limit: 10, big: 10000000000, ratio: 0.5, "
                + "on: true, none: null, tags: [a, b], nested: {k: v}}").values();
        assertThat(v).containsEntry("as_of", "2026-11-01").containsEntry("limit", 10)
                .containsEntry("big", 10_000_000_000L).containsEntry("ratio", 0.5).containsEntry("on", true)
                .containsEntry("none", null).containsEntry("tags", List.of("a", "b"))
                .containsEntry("nested", Map.of("k", "v"));
        assertThat(v.keySet()).startsWith("as_of", "limit");
        assertThat(converter.convert("{\"region\": \"eu\"}").values()).isEqualTo(Map.of("region", "eu"));
        assertThat(converter.convert("region: eu").values()).isEqualTo(Map.of("region", "eu"));
        assertThat(converter.convert(" ").values()).isEmpty();
    }

    @Test
    void rejectsAnythingButAMapping() {
        assertThatThrownBy(() -> converter.convert("{a: 1")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not valid YAML").hasMessageContaining("column");
        assertThatThrownBy(() -> converter.convert("- a")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("not a YAML mapping");
        assertThatThrownBy(() -> converter.convert("42")).isInstanceOf(TypeConversionException.class);
    }
}
