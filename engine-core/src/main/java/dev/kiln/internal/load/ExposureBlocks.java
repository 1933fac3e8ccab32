package dev.kiln.internal.load;

import dev.kiln.Exposure;
import dev.kiln.Node;
import dev.kiln.SourcePosition;
import dev.kiln.internal.util.Suggest;
import dev.kiln.internal.yaml.YamlReader;
import dev.kiln.spi.SyncDestination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the {@code sync:} and {@code report:} blocks of an enabled exposure when the project is
 * loaded: the destination named by {@code to:} is installed and the block holds only its keys;
 * a report's format is installed, its sheets and charts are well formed; every model they name
 * exists. Those models count as dependencies of the exposure, so it waits for them and for
 * their tests.
 */
final class ExposureBlocks {

    /** Keys of {@code sync:} that Kiln reads itself, besides the destination's own. */
    static final Set<String> SYNC_KEYS = Set.of("to", "model", "state_schema");
    /** Keys of {@code report:}. */
    static final Set<String> REPORT_KEYS = Set.of("path", "format", "title", "sheets", "model", "where", "order_by",
            "limit", "formats");
    /** Keys of one entry of {@code report.sheets}. */
    static final Set<String> SHEET_KEYS = Set.of("name", "model", "where", "order_by", "limit", "chart", "formats");
    /** Keys of {@code chart:}. */
    static final Set<String> CHART_KEYS = Set.of("type", "x", "y", "title");
    /** Report formats Kiln knows. */
    static final List<String> FORMATS = List.of("xlsx", "csv", "parquet");

    private final YamlReader reader;
    private final Function<String, Node> refable;

    /**
     * @param reader  where problems go
     * @param refable the model, seed or snapshot of a name, or {@code null}
     */
    ExposureBlocks(YamlReader reader, Function<String, Node> refable) {
        this.reader = reader;
        this.refable = refable;
    }

    private static Map<String, SyncDestination> destinations() {
        return ExposurePlugins.destinations();
    }

    private static Set<String> writers() {
        return ExposurePlugins.writers().keySet();
    }

    /** Checks the blocks of {@code e}; returns the unique ids of the models they read. */
    List<String> check(Exposure e) {
        Set<String> models = new LinkedHashSet<>();
        if (e.sync() != null) {
            checkSync(e, models);
        }
        if (e.report() != null) {
            checkReport(e, models);
        }
        return new ArrayList<>(models);
    }

    private void checkSync(Exposure e, Set<String> models) {
        String what = "exposure '" + e.name() + "'";
        Object to = e.sync().get("to");
        SyncDestination dest = null;
        if (to == null || String.valueOf(to).isBlank()) {
            reader.error("missing-key", e.positionOf("sync"), "The sync: block of " + what + " has no 'to:'.",
                    "Name the destination, one of: " + installed() + ".");
        } else {
            dest = destinations().get(String.valueOf(to));
            if (dest == null) {
                reader.error("unknown-destination", e.positionOf("sync.to"), "The sync: block of " + what
                        + " sends to '" + to + "', but no such destination is installed.",
                        Suggest.didYouMean(String.valueOf(to), destinations().keySet(),
                                "Installed destinations: " + installed() + ". Add its module (e.g. kiln-" + to
                                        + ") to the class path."));
            }
        }
        if (dest != null) {
            Set<String> allowed = new HashSet<>(SYNC_KEYS);
            allowed.addAll(dest.keys());
            unknownKeys(e, "sync", e.sync(), allowed, "the sync: block of " + what + " (to: " + to + ")");
        }
        model(e, "sync.model", e.sync().get("model"), true, models);
    }

    private static String installed() {
        return destinations().isEmpty() ? "none" : String.join(", ", destinations().keySet());
    }

    private void checkReport(Exposure e, Set<String> models) {
        String what = "the report: block of exposure '" + e.name() + "'";
        String sentence = "The report: block of exposure '" + e.name() + "'";
        Map<String, Object> r = e.report();
        unknownKeys(e, "report", r, REPORT_KEYS, what);
        Object path = r.get("path");
        if (path == null || String.valueOf(path).isBlank()) {
            reader.error("missing-key", e.positionOf("report"), sentence + " has no 'path:'.",
                    "Add 'path: reports/" + e.name() + ".xlsx' (relative to the project directory).");
        }
        String format = format(r);
        if (format == null) {
            reader.error("bad-value", e.positionOf(r.containsKey("format") ? "report.format" : "report.path"),
                    sentence + " has no format Kiln knows (format: " + r.get("format") + ", path: " + path + ").",
                    "Write format: xlsx, csv or parquet, or end the path with one of them.");
            return;
        }
        if (!writers().contains(format)) {
            reader.error("unknown-format", e.positionOf(r.containsKey("format") ? "report.format" : "report.path"),
                    sentence + " is in format '" + format + "', but no writer for it is installed (installed: "
                            + (writers().isEmpty() ? "none" : String.join(", ", writers())) + ").",
                    "Add the kiln-report module to the class path.");
        }
        limit(e, "report.limit", r.get("limit"));
        formats(e, "report.formats", r.get("formats"));
        List<?> sheets = r.get("sheets") instanceof List<?> l ? l : null;
        if (r.get("sheets") != null && sheets == null) {
            reader.error("wrong-type", e.positionOf("report.sheets"), "'sheets' of " + what + " must be a list.", null);
            return;
        }
        boolean hasModel = r.get("model") != null;
        int count = (sheets == null ? 0 : sheets.size()) + (hasModel ? 1 : 0);
        if (count == 0) {
            reader.error("missing-key", e.positionOf("report"), sentence + " names no data: no 'sheets:' and no 'model:'.",
                    "Add 'sheets: [{name: Data, model: my_model}]' (or 'model: my_model').");
        } else if (sheets != null && hasModel) {
            reader.error("bad-value", e.positionOf("report.model"), sentence + " has both 'model:' and 'sheets:'.",
                    "Keep one: 'model:' for one sheet or file, 'sheets:' for several.");
        } else if (!format.equals("xlsx") && count > 1) {
            reader.error("bad-value", e.positionOf("report.sheets"), sentence + " writes " + format + ", which holds one "
                    + "table, but lists " + count + " sheets.", "Keep one sheet, or write format: xlsx.");
        }
        model(e, "report.model", r.get("model"), false, models);
        Set<String> names = new HashSet<>();
        for (int i = 0; sheets != null && i < sheets.size(); i++) {
            sheet(e, i, sheets.get(i), format, names, models);
        }
    }

    private void sheet(Exposure e, int i, Object item, String format, Set<String> names, Set<String> models) {
        String at = "report.sheets[" + i + "]";
        if (!(item instanceof Map<?, ?> raw)) {
            reader.error("wrong-type", e.positionOf(at), "Each sheet of a report must be a mapping "
                    + "({name: …, model: …}).", null);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> sheet = (Map<String, Object>) raw;
        unknownKeys(e, at, sheet, SHEET_KEYS, "a sheet of exposure '" + e.name() + "'");
        model(e, at + ".model", sheet.get("model"), true, models);
        Object name = sheet.getOrDefault("name", sheet.get("model"));
        if (name != null) {
            String n = String.valueOf(name);
            if (n.length() > 31 || n.matches(".*[\\[\\]:*?/\\\\].*")) {
                reader.error("bad-value", e.positionOf(at + ".name"), "Sheet name '" + n + "' is not allowed in Excel.",
                        "Use at most 31 characters and none of [ ] : * ? / \\.");
            } else if (!names.add(n.toLowerCase(java.util.Locale.ROOT)) || n.equalsIgnoreCase("About")) {
                reader.error("duplicate-sheet", e.positionOf(at + ".name"), "Sheet name '" + n
                        + "' is used twice in the report (the first sheet is 'About').", "Give each sheet its own name.");
            }
        }
        limit(e, at + ".limit", sheet.get("limit"));
        formats(e, at + ".formats", sheet.get("formats"));
        if (sheet.get("chart") != null) {
            if (!format.equals("xlsx")) {
                reader.error("bad-value", e.positionOf(at + ".chart"), "A chart needs format xlsx, not " + format + ".",
                        "Remove the chart, or write the report as xlsx.");
            }
            chart(e, at + ".chart", sheet.get("chart"));
        }
    }

    private void chart(Exposure e, String at, Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            reader.error("wrong-type", e.positionOf(at), "'chart' must be a mapping ({type: line, x: day, y: [mrr]}).", null);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> chart = (Map<String, Object>) raw;
        unknownKeys(e, at, chart, CHART_KEYS, "a chart");
        Object type = chart.getOrDefault("type", "line");
        if (!List.of("line", "bar").contains(String.valueOf(type))) {
            reader.error("bad-value", e.positionOf(at + ".type"), "Chart type '" + type + "' is not supported.",
                    "Use line or bar.");
        }
        if (chart.get("x") == null) {
            reader.error("missing-key", e.positionOf(at), "The chart has no 'x:' (the column along the x axis).",
                    "Add 'x: day'.");
        }
        if (chart.get("y") == null || chart.get("y") instanceof List<?> l && l.isEmpty()) {
            reader.error("missing-key", e.positionOf(at), "The chart has no 'y:' (the columns to draw).",
                    "Add 'y: [revenue]'.");
        }
    }

    private void limit(Exposure e, String at, Object value) {
        if (value != null && !(value instanceof Integer i && i > 0)) {
            reader.error("bad-value", e.positionOf(at), "'limit' must be a positive whole number, not '" + value + "'.", null);
        }
    }

    private void formats(Exposure e, String at, Object value) {
        if (value != null && !(value instanceof Map<?, ?>)) {
            reader.error("wrong-type", e.positionOf(at), "'formats' must map column names to formats "
                    + "({churn_rate: percent}).", null);
        }
    }

    /** The report's format: {@code format:}, else the path's extension; {@code null} when neither is known. */
    static String format(Map<String, Object> report) {
        Object f = report.get("format");
        if (f != null) {
            return FORMATS.contains(String.valueOf(f)) ? String.valueOf(f) : null;
        }
        String path = String.valueOf(report.get("path"));
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return FORMATS.contains(ext) ? ext : null;
    }

    private void model(Exposure e, String at, Object name, boolean required, Set<String> models) {
        if (name == null) {
            if (required) {
                reader.error("missing-key", e.positionOf(at.substring(0, at.lastIndexOf('.'))), "'" + at
                        + "' of exposure '" + e.name() + "' is missing: name the model to read.", "Add 'model: …'.");
            }
            return;
        }
        Node n = refable.apply(String.valueOf(name));
        if (n == null) {
            reader.error("unknown-model", e.positionOf(at), "Exposure '" + e.name() + "' reads model '" + name
                    + "' (" + at + "), which does not exist.", "Check the name, or create models/" + name + ".sql.");
        } else if (!n.config().enabled()) {
            reader.error("disabled-ref", e.positionOf(at), "Exposure '" + e.name() + "' reads model '" + name
                    + "', which is disabled.", "Enable it, or disable the exposure.");
        } else {
            models.add(n.uniqueId());
        }
    }

    private void unknownKeys(Exposure e, String at, Map<String, Object> block, Set<String> allowed, String what) {
        for (String key : block.keySet()) {
            if (!allowed.contains(key)) {
                SourcePosition pos = e.positionOf(at + "." + key);
                reader.error("unknown-key", pos, "Unknown key '" + key + "' in " + what + ".",
                        Suggest.didYouMean(key, allowed, "Allowed keys: " + String.join(", ",
                                allowed.stream().sorted().toList()) + "."));
            }
        }
    }
}
