package dev.kiln.internal.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FragmentsTest {

    @Test
    void joinsPartsInOrderSkippingEmptyOnes() throws IOException {
        List<Fragments.Members> parts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            parts.add(g -> {
                if (n % 3 != 0) {
                    g.writeNumberField("k" + n, n);
                }
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Fragments()
                .section("a", g -> g.writeStringField("x", "é\"\n"))
                .section("empty", g -> { })
                .section("many", parts)
                .section("only_empty", List.of(g -> { }, g -> { }))
                .writeTo(out);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            if (i % 3 != 0) {
                many.append(many.length() == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"x\":\"é\\\"\\n\"},\"empty\":{},\"many\":{" + many + "},\"only_empty\":{}}");
    }

    @Test
    void partsLargerThanOneBufferBlockAreWrittenWhole() throws IOException {
        String big = "x".repeat(100_000); // several 32 KB blocks, and a boundary inside the string
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Fragments()
                .section("big", List.of(g -> g.writeStringField("a", big), g -> {
                    for (int i = 0; i < 5000; i++) {
                        g.writeNumberField("n" + i, i);
                    }
                }))
                .writeTo(out);
        StringBuilder expected = new StringBuilder("{\"big\":{\"a\":\"" + big + "\"");
        for (int i = 0; i < 5000; i++) {
            expected.append(",\"n").append(i).append("\":").append(i);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.append("}}").toString());
    }
}
