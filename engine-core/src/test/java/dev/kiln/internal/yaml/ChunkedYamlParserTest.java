package dev.kiln.internal.yaml;

import dev.kiln.Diagnostic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing a large file in pieces gives the tree and positions of one parse. */
class ChunkedYamlParserTest {

    private static String big(int models) {
        StringBuilder sb = new StringBuilder("# a large schema file\nversion: 2\n\nsources:\n  - name: raw\n    tables:\n");
        for (int i = 0; i < 20; i++) {
            sb.append("      - name: t").append(i).append('\n');
        }
        sb.append("models:\n");
        for (int i = 0; i < models; i++) {
            sb.append("  - name: m_").append(i).append("\n    description: |\n      Line one of ").append(i)
                    .append("\n      - not an item\n    columns:\n      - name: id\n        data_tests: [not_null]\n");
            if (i % 100 == 0) {
                sb.append("\n  # a comment between items\n");
            }
        }
        return sb.toString();
    }

    private static void assertSameTree(YNode a, YNode b) {
        assertThat(a.plain()).isEqualTo(b.plain());
        assertThat(a.position()).isEqualTo(b.position());
        if (a instanceof YNode.YMap ma) {
            YNode.YMap mb = (YNode.YMap) b;
            ma.entries().forEach((k, v) -> assertSameTree(v, mb.get(k)));
        } else if (a instanceof YNode.YList la) {
            YNode.YList lb = (YNode.YList) b;
            for (int i = 0; i < la.items().size(); i++) {
                assertSameTree(la.items().get(i), lb.items().get(i));
            }
        }
    }

    @Test
    void piecesJoinToTheTreeOfOneParse() {
        String text = big(3000);
        assertThat(text.length()).isGreaterThan(ChunkedYamlParser.MIN_SIZE);
        List<Diagnostic> d1 = new ArrayList<>();
        List<Diagnostic> d2 = new ArrayList<>();
        YNode whole = new YamlParser(Path.of("s.yml"), d1).parse(text);
        YNode pieces = new ChunkedYamlParser(Path.of("s.yml"), d2).parse(text);
        assertThat(d1).isEmpty();
        assertThat(d2).isEmpty();
        assertSameTree(whole, pieces);
    }

    @Test
    void anErrorInAPieceIsReportedAtItsLineInTheFile() {
        String text = big(3000) + "  - name: broken\n    columns: [unclosed\n";
        List<Diagnostic> d1 = new ArrayList<>();
        List<Diagnostic> d2 = new ArrayList<>();
        new YamlParser(Path.of("s.yml"), d1).parse(text);
        new ChunkedYamlParser(Path.of("s.yml"), d2).parse(text);
        assertThat(d2).hasSize(1);
        assertThat(d2.get(0).position()).isEqualTo(d1.get(0).position());
    }

    @Test
    void filesWithAnchorsAreParsedWhole() {
        String text = big(3000) + "extra: &a {x: 1}\nmore: *a\n";
        YNode node = new ChunkedYamlParser(Path.of("s.yml"), new ArrayList<>()).parse(text);
        assertThat(((YNode.YMap) node).get("more").plain()).isEqualTo(java.util.Map.of("x", 1));
    }
}
