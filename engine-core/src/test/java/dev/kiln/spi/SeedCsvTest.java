package dev.kiln.spi;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading seed files before they are loaded. */
class SeedCsvTest {

    @Test
    void parsesQuotesEmbeddedDelimitersAndCrLf() {
        SeedCsv csv = SeedCsv.parse("\uFEFFid,name,note\r\n1,\"Smith, J\",\"say \"\"hi\"\"\"\r\n2,b\r\n\r\n", ',');
        assertThat(csv.header()).containsExactly("id", "name", "note");
        assertThat(csv.rows()).containsExactly(List.of("1", "Smith, J", "say \"hi\""), List.of("2", "b", ""));
    }

    @Test
    void infersTypesFromValuesUnlessDeclared() {
        SeedCsv csv = SeedCsv.parse("i;big;d;b;day;ts;s;empty\n"
                + "1;9999999999;1.5;true;2026-01-01;2026-01-01 10:00:00;x;\n"
                + "-2;3;2;FALSE;2026-02-01;2026-02-01T11:00:00.5;2026-01-01;\n", ';');
        assertThat(csv.types(Map.of())).containsExactly("integer", "bigint", "double", "boolean", "date", "timestamp",
                "varchar", "varchar");
        assertThat(csv.types(Map.of("I", "bigint"))).startsWith("bigint");
    }
}
