package dev.kiln.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The token-stream flattening of JSON lines gives exactly what flattening the parsed map gives. */
class FlattenerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void tokensAndMapsFlattenAlike() throws Exception {
        String[] lines = {
                "{\"id\": 1, \"ctx\": {\"geo\": {\"country\": \"ES\", \"City Name\": \"Madrid\"}}, \"n\": null}",
                "{\"id\": 12345678901, \"big\": 123456789012345678901234567890, \"f\": 2.5, \"ok\": true, \"no\": false}",
                "{\"id\": 3, \"events\": [{\"kind\": \"view\", \"tags\": [\"a\", [1, 2]]}, {\"kind\": \"click\"}], \"arr\": [1, null, \"x\"]}",
                "{\"id\": 4, \"a__b\": 1, \"a\": {\"b\": 2}, \"id\": 5, \"_kiln_id\": \"mine\"}",
                "{\"id\": 6, \"empty\": {}, \"none\": [], \"nested\": [[1, {\"x\": 1}]]}",
        };
        Flattener tokens = new Flattener("id");
        Flattener maps = new Flattener("id");
        JsonFactory factory = new JsonFactory();
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            List<FlatRow> fromTokens;
            try (JsonParser p = factory.createParser(bytes, 0, bytes.length)) {
                p.nextToken();
                fromTokens = tokens.flatten(p);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = MAPPER.readValue(line, Map.class);
            List<FlatRow> fromMap = maps.flatten(record);
            assertThat(render(fromTokens, true)).as(line).isEqualTo(render(fromMap, true));
            assertThat(tokens.cursorValue()).as(line).isEqualTo(maps.cursorValue());
        }
        // a key given twice keeps its first position and its last value; the cursor sees the last
        assertThat(render(tokens.flatten(MAPPER.readValue(lines[3], Map.class)), false)).startsWith(
                "[|-1|null|0|_kiln_load_id=auto,_kiln_id=mine,id=5,a__b=2");
    }

    @Test
    void theRowsOfARecordKeepTheirTypesAndOrder() throws Exception {
        Flattener f = new Flattener(null);
        byte[] line = "{\"n\": 7, \"l\": 12345678901, \"d\": 1.5, \"s\": \"x\", \"items\": [{\"k\": 1}, 2]}"
                .getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = new JsonFactory().createParser(line, 0, line.length)) {
            p.nextToken();
            List<FlatRow> rows = f.flatten(p);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).valueOfSlot(2)).isEqualTo(7);
            assertThat(rows.get(0).valueOfSlot(3)).isEqualTo(12345678901L);
            assertThat(rows.get(0).valueOfSlot(4)).isEqualTo(1.5d);
            assertThat(render(rows.subList(1, 3), false)).isEqualTo("[items|0|items|0|_kiln_load_id=auto,_kiln_id=auto,"
                    + "_kiln_parent_id=auto,_kiln_root_id=auto,k=1, items|0|items|1|_kiln_load_id=auto,_kiln_id=auto,"
                    + "_kiln_parent_id=auto,_kiln_root_id=auto,value=2]");
        }
    }

    /** The rows as text; with {@code types}, each value's Java type too. */
    private static String render(List<FlatRow> rows, boolean types) {
        List<String> out = new ArrayList<>();
        for (FlatRow r : rows) {
            StringBuilder sb = new StringBuilder(r.table + "|" + r.parent + "|" + r.arrayName + "|" + r.item + "|");
            for (int k = 0; k < r.size(); k++) {
                Object v = r.value(k);
                sb.append(k == 0 ? "" : ",").append(r.name(k)).append('=')
                        .append(v == null ? "null" : types ? v + ":" + v.getClass().getName() : v);
            }
            out.add(sb.toString());
        }
        return out.toString();
    }
}
