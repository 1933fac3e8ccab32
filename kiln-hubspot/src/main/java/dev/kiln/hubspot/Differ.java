package dev.kiln.hubspot;

import dev.kiln.Relation;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.RowHandler;
import dev.kiln.spi.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change-data-capture against the last sync, done by the warehouse: one query hashes the
 * mapped values of every model row, joins the state's latest hash per key and returns, ordered
 * by key, only the rows that are new or whose hash differs. The rows are streamed
 * ({@link Session#stream}), so memory does not grow with the model.
 */
final class Differ {

    /** Receives the diff one record at a time. */
    interface Sink {
        /** A record to send. */
        void change(Change change);

        /** A row that cannot be sent (no id value, or an id value seen before), with why. */
        void invalid(String key, Map<String, String> properties, String reason);
    }

    private final HubSpotSettings settings;
    private final Dialect dialect;
    private final Relation model;

    Differ(HubSpotSettings settings, Dialect dialect, Relation model) {
        this.settings = settings;
        this.dialect = dialect;
        this.model = model;
    }

    /** The hash of a model row's mapped values (with the property names), as SQL on the model's columns. */
    String hashSql() {
        List<String> parts = new ArrayList<>();
        String text = dialect.typeString();
        for (Map.Entry<String, String> p : settings.properties().entrySet()) {
            String col = dialect.quoteIdentifier(p.getValue());
            String asText = "cast(" + col + " as " + text + ")";
            parts.add(dialect.quoteString(p.getKey() + "="));
            parts.add("case when " + col + " is null then 'N' else " + dialect.concat(List.of(
                    "cast(length(" + asText + ") as " + text + ")", "':'", asText)) + " end");
            parts.add("';'");
        }
        return dialect.hash(dialect.concat(parts));
    }

    /** The diff query: key, hash, is-new flag, then the mapped columns in property order. */
    String diffSql(String latestStateSql) {
        String text = dialect.typeString();
        StringBuilder cols = new StringBuilder();
        StringBuilder outCols = new StringBuilder();
        int i = 0;
        for (String col : settings.properties().values()) {
            cols.append(", ").append(dialect.quoteIdentifier(col)).append(" as kiln_c").append(i);
            outCols.append(", kiln_m.kiln_c").append(i);
            i++;
        }
        String k = dialect.quoteIdentifier(SyncState.KEY);
        String h = dialect.quoteIdentifier(SyncState.HASH);
        return "with kiln_model as (\n  select cast(" + dialect.quoteIdentifier(settings.matchColumn()) + " as " + text + ") as kiln_key, "
                + hashSql() + " as kiln_hash" + cols + "\n  from " + dialect.render(model) + "\n), kiln_state as (\n  " + latestStateSql
                + "\n)\nselect kiln_m.kiln_key, kiln_m.kiln_hash, case when kiln_s." + k + " is null then 1 else 0 end as kiln_new" + outCols
                + "\nfrom kiln_model kiln_m\nleft join kiln_state kiln_s on kiln_s." + k + " = kiln_m.kiln_key"
                + "\nwhere kiln_s." + k + " is null or kiln_s." + h + " <> kiln_m.kiln_hash\norder by kiln_m.kiln_key";
    }

    /** The number of rows of the model. */
    String countSql() {
        return "select count(*) from " + dialect.render(model);
    }

    /** Streams the diff into {@code sink}. */
    void run(Session session, String latestStateSql, Sink sink) {
        List<String> names = new ArrayList<>(settings.properties().keySet());
        session.stream(diffSql(latestStateSql), new RowHandler() {
            private String previous;

            @Override
            public void row(List<Object> values) {
                String key = values.get(0) == null ? null : values.get(0).toString();
                Map<String, String> props = new LinkedHashMap<>(names.size() * 2);
                for (int i = 0; i < names.size(); i++) {
                    props.put(names.get(i), Values.toHubSpot(values.get(3 + i)));
                }
                if (key == null || key.isBlank()) {
                    sink.invalid(key, props, "the match column '" + settings.matchColumn() + "' is empty: HubSpot cannot match the record");
                    return;
                }
                if (key.equals(previous)) {
                    sink.invalid(key, props, "another row of the model has the same " + settings.matchColumn() + " (the match column must be unique; "
                            + "add a unique test to it): only the first was sent");
                    return;
                }
                previous = key;
                boolean isNew = ((Number) values.get(2)).intValue() == 1;
                sink.change(new Change(key, String.valueOf(values.get(1)), isNew, props));
            }
        });
    }
}
