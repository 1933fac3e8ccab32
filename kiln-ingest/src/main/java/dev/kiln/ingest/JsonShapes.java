package dev.kiln.ingest;

import dev.kiln.spi.LoadType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Walks JSON lines byte by byte, without building values, to decide whether a warehouse's own
 * JSON reader would give exactly the rows Kiln's normalisation gives ({@link NativeLoad}): it
 * {@linkplain #infer infers} the columns of the first records with Kiln's own rules
 * ({@link Values#typeOf}, {@link LoadType#widen}, flattening with {@code __}, the order values are
 * first seen), then {@linkplain #verify checks} every record of every file against them. It is
 * strict: anything it is not sure of (an array, a duplicate key, a key that is not already a
 * column name, a number or date it cannot prove equal, a blank line, a {@code \r} alone) is a
 * {@link Doubt}, and the load then stages its rows the usual way, which stays the reference.
 */
final class JsonShapes {

    /** A reason the files cannot be read by the warehouse with the same result. */
    static final class Doubt extends Exception {
        private static final long serialVersionUID = 1L;

        Doubt(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One column: its flattened name, the keys leading to it, its type. */
    record Column(String name, List<String> path, LoadType type) {
    }

    /** Decodes strings with escapes (rare; created on first use). */
    private static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    }

    private static final int INT = 0;
    private static final int FLOAT = 1;
    private static final int BOOL = 2;
    private static final int STRING = 3;

    private final Level root = new Level(null, "", List.of());
    /** Infer mode: columns in the order values are first seen; verify mode: the expected columns. */
    private final List<Field> order = new ArrayList<>();
    private final boolean inferring;
    private long stamp;
    private int seen;
    /** The file and line being read, for messages. */
    private Path wherePath;
    private long whereLine;

    private JsonShapes(boolean inferring) {
        this.inferring = inferring;
    }

    /**
     * The columns of the first {@code perFile} records of each file, in the order Kiln would add
     * them, typed as Kiln would type them.
     */
    static List<Column> infer(List<Path> files, int perFile) throws Doubt, IOException {
        JsonShapes s = new JsonShapes(true);
        long records = 0;
        for (Path f : files) {
            records += s.file(f, perFile, null, () -> false);
        }
        if (records == 0) {
            throw new Doubt("no records in the first lines");
        }
        List<Column> out = new ArrayList<>();
        for (Field f : s.order) {
            if (f.offsetSeen) {
                throw new Doubt("column '" + f.name + "' holds timestamps with a UTC offset");
            }
            out.add(new Column(f.name, f.path, f.type));
        }
        return out;
    }

    /** Counts records and bytes of one file as {@link #verify} reads it. */
    interface FileDone {
        void done(Path file, long records, long bytes);
    }

    /**
     * Checks every record of {@code files} against {@code columns}: same columns, first seen in
     * the same order, every value of the column's type as Kiln would type it. {@code stop} is
     * polled to give up early.
     */
    static void verify(List<Path> files, List<Column> columns, FileDone progress, BooleanSupplier stop)
            throws Doubt, IOException {
        JsonShapes s = new JsonShapes(false);
        for (Column c : columns) {
            Level level = s.root;
            for (int i = 0; i < c.path().size() - 1; i++) {
                Field f = level.field(c.path().get(i));
                f.parent = true;
                level = f.nested();
            }
            Field leaf = level.field(c.path().get(c.path().size() - 1));
            leaf.type = c.type();
            leaf.index = s.order.size();
            s.order.add(leaf);
        }
        for (Path f : files) {
            long records = s.file(f, Long.MAX_VALUE, progress, stop);
            if (stop.getAsBoolean()) {
                throw new Doubt("stopped");
            }
            progress.done(f, records, Files.size(f));
        }
        if (s.seen != columns.size()) {
            throw new Doubt("column '" + s.order.get(s.seen).name + "' holds no value");
        }
    }

    /** Reads up to {@code limit} records of one file; returns how many. */
    private long file(Path path, long limit, FileDone progress, BooleanSupplier stop) throws Doubt, IOException {
        if (path.toString().endsWith(".gz")) {
            throw new Doubt("the file is compressed");
        }
        byte[] buf = new byte[1 << 20];
        int len = 0;
        long records = 0;
        long line = 0;
        try (InputStream in = Files.newInputStream(path)) {
            boolean eof = false;
            while (true) {
                if (!eof) {
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        eof = true;
                    } else {
                        len += n;
                    }
                }
                int start = 0;
                int nl;
                while ((nl = JsonBytes.indexOf(buf, start, len)) >= 0 || eof && start < len) {
                    int end = nl >= 0 ? nl : len;
                    line++;
                    wherePath = path;
                    whereLine = line;
                    int stop2 = end > start && buf[end - 1] == '\r' ? end - 1 : end;
                    record(buf, start, stop2);
                    records++;
                    start = nl >= 0 ? nl + 1 : len;
                    if (records >= limit) {
                        return records;
                    }
                    if ((records & 0xFFFF) == 0 && stop.getAsBoolean()) {
                        return records;
                    }
                }
                if (eof) {
                    return records;
                }
                System.arraycopy(buf, start, buf, 0, len - start);
                len -= start;
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
        }
    }

    private void record(byte[] b, int from, int to) throws Doubt {
        int i = ws(b, from, to);
        if (i >= to) {
            throw doubt("a blank line");
        }
        if (b[i] != '{') {
            throw doubt("a line that is not a JSON object");
        }
        i = object(b, i + 1, to, root);
        if (ws(b, i, to) != to) {
            throw doubt("text after the object");
        }
    }

    private Doubt doubt(String what) {
        return new Doubt(what + " at " + wherePath + ":" + whereLine);
    }

    private int ws(byte[] b, int i, int to) throws Doubt {
        while (i < to) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '\r') {
                throw doubt("a carriage return inside a line");
            } else {
                break;
            }
        }
        return i;
    }

    private int object(byte[] b, int i, int to, Level level) throws Doubt {
        long mine = ++stamp;
        i = ws(b, i, to);
        if (i < to && b[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= to || b[i] != '"') {
                throw doubt("malformed JSON");
            }
            int ks = i + 1;
            int ke = ks;
            while (ke < to && b[ke] != '"') {
                if (b[ke] == '\\' || b[ke] < 0x20) {
                    throw doubt("a key with escapes");
                }
                ke++;
            }
            if (ke >= to) {
                throw doubt("malformed JSON");
            }
            Field f = level.field(b, ks, ke);
            if (f == null) {
                throw doubt("key '" + new String(b, ks, ke - ks, StandardCharsets.UTF_8) + "' (not a plain lower-case column name)");
            }
            if (f.stamp == mine) {
                throw doubt("duplicate key '" + f.key + "'");
            }
            f.stamp = mine;
            i = ws(b, ke + 1, to);
            if (i >= to || b[i] != ':') {
                throw doubt("malformed JSON");
            }
            i = value(b, ws(b, i + 1, to), to, f);
            i = ws(b, i, to);
            if (i < to && b[i] == ',') {
                i = ws(b, i + 1, to);
            } else if (i < to && b[i] == '}') {
                return i + 1;
            } else {
                throw doubt("malformed JSON");
            }
        }
    }

    private int value(byte[] b, int i, int to, Field f) throws Doubt {
        if (i >= to) {
            throw doubt("malformed JSON");
        }
        byte c = b[i];
        switch (c) {
            case '{' -> {
                if (f.type != null || f.index >= 0) {
                    throw doubt("an object under '" + f.name + "', a value elsewhere");
                }
                f.parent = true;
                return object(b, i + 1, to, f.nested());
            }
            case '[' -> throw doubt("an array under '" + f.name + "' (a child table)");
            case '"' -> {
                int s = i + 1;
                int e = s;
                boolean escaped = false;
                boolean ascii = true;
                while (true) {
                    e = JsonBytes.plainRun(b, e, to);
                    if (e >= to) {
                        throw doubt("malformed JSON");
                    }
                    byte x = b[e];
                    if (x == '"') {
                        break;
                    }
                    if (x == '\\') {
                        escaped = true;
                        e = escape(b, e + 1, to);
                        continue;
                    }
                    if (x >= 0 && x < 0x20) {
                        throw doubt("a control character in a string");
                    }
                    if (x < 0) {
                        ascii = false;
                    }
                    e++;
                }
                if (!ascii) {
                    checkUtf8(b, s, e);
                }
                leaf(f, STRING, b, s, e, escaped);
                return e + 1;
            }
            case 't' -> {
                literal(b, i, to, "true");
                leaf(f, BOOL, b, i, i + 4, false);
                return i + 4;
            }
            case 'f' -> {
                literal(b, i, to, "false");
                leaf(f, BOOL, b, i, i + 5, false);
                return i + 5;
            }
            case 'n' -> {
                literal(b, i, to, "null");
                return i + 4;
            }
            default -> {
                return number(b, i, to, f);
            }
        }
    }

    /** Skips a valid escape whose letter is at {@code i}; returns the index after it. */
    private int escape(byte[] b, int i, int to) throws Doubt {
        if (i >= to || "\"\\/bfnrtu".indexOf(b[i]) < 0) {
            throw doubt("malformed JSON (an escape)");
        }
        if (b[i] != 'u') {
            return i + 1;
        }
        if (i + 5 > to) {
            throw doubt("malformed JSON (an escape)");
        }
        for (int k = i + 1; k < i + 5; k++) {
            if (Character.digit(b[k], 16) < 0) {
                throw doubt("malformed JSON (an escape)");
            }
        }
        if ((b[i + 1] == 'd' || b[i + 1] == 'D') && Character.digit(b[i + 2], 16) >= 8) {
            // a UTF-16 surrogate: Jackson and DuckDB may not agree on a lone one
            throw doubt("an escaped surrogate (\\u" + new String(b, i + 1, 4, StandardCharsets.US_ASCII) + ")");
        }
        return i + 5;
    }

    private void literal(byte[] b, int i, int to, String word) throws Doubt {
        if (i + word.length() > to) {
            throw doubt("malformed JSON");
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                throw doubt("malformed JSON");
            }
        }
    }

    private int number(byte[] b, int i, int to, Field f) throws Doubt {
        int s = i;
        if (i < to && b[i] == '-') {
            i++;
        }
        int intStart = i;
        if (i < to && b[i] == '0') {
            i++;
        } else {
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        int intDigits = i - intStart;
        if (intDigits == 0) {
            throw doubt("malformed JSON");
        }
        boolean isFloat = false;
        if (i < to && b[i] == '.') {
            isFloat = true;
            int d = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                throw doubt("malformed JSON");
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            isFloat = true;
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d || i - d > 2) {
                throw doubt(i == d ? "malformed JSON" : "a number with a large exponent");
            }
        }
        if (!isFloat && intDigits > 18) {
            throw doubt("an integer of more than 18 digits");
        }
        leaf(f, isFloat ? FLOAT : INT, b, s, i, false);
        return i;
    }

    private void checkUtf8(byte[] b, int s, int e) throws Doubt {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, s, e - s));
        } catch (CharacterCodingException x) {
            throw doubt("text that is not UTF-8");
        }
    }

    private void leaf(Field f, int kind, byte[] b, int s, int e, boolean escaped) throws Doubt {
        if (f.parent) {
            throw doubt("a value under '" + f.name + "', an object elsewhere");
        }
        if (inferring) {
            LoadType t = switch (kind) {
                case INT -> LoadType.BIGINT;
                case FLOAT -> LoadType.DOUBLE;
                case BOOL -> LoadType.BOOLEAN;
                default -> {
                    String text = decode(b, s, e, escaped);
                    LoadType typed = Values.typeOf(text);
                    if (typed == LoadType.TIMESTAMP && hasOffset(text)) {
                        f.offsetSeen = true;
                    }
                    yield typed;
                }
            };
            if (f.index < 0) {
                f.index = order.size();
                order.add(f);
                f.type = t;
            } else {
                f.type = f.type.widen(t);
            }
            return;
        }
        if (f.index < 0) {
            throw doubt("key '" + f.name + "' (not in the columns of the first records)");
        }
        if (f.index >= seen) {
            if (f.index != seen) {
                throw doubt("column '" + f.name + "' first seen before '" + order.get(seen).name + "'");
            }
            seen++;
        }
        boolean fits = switch (f.type.kind()) {
            case BIGINT -> kind == INT;
            case DOUBLE -> kind == INT || kind == FLOAT;
            case BOOLEAN -> kind == BOOL;
            case VARCHAR -> kind == STRING && plainText(b, s, e, escaped);
            case TIMESTAMP -> kind == STRING && !escaped && (e - s == 10 ? JsonBytes.date(b, s) : JsonBytes.timestamp(b, s, e));
            case DATE -> kind == STRING && !escaped && e - s == 10 && JsonBytes.date(b, s);
            default -> false;
        };
        if (!fits) {
            throw doubt("a value of '" + f.name + "' that is not " + f.type + " ("
                    + Normalizer.abbreviate(new String(b, s, e - s, StandardCharsets.UTF_8)) + ")");
        }
    }

    /**
     * Whether Kiln keeps a string as text (it does not read as a date or timestamp): a string
     * shorter than 10 characters, or whose first 10 bytes are plain ASCII without {@code -} at
     * 4 and 7, never does (decoded text is never longer than its bytes); others are decoded and
     * typed by {@link Values#typeOf}.
     */
    private static boolean plainText(byte[] b, int s, int e, boolean escaped) {
        if (e - s < 10) {
            return true;
        }
        boolean rawHead = true;
        for (int i = s; i < s + 10; i++) {
            if (b[i] == '\\' || b[i] < 0) {
                rawHead = false;
                break;
            }
        }
        if (rawHead && (b[s + 4] != '-' || b[s + 7] != '-')) {
            return true;
        }
        return Values.typeOf(decode(b, s, e, escaped)) == LoadType.VARCHAR;
    }

    /** Whether an ISO timestamp ends with an offset other than UTC's. */
    private static boolean hasOffset(String t) {
        if (t.endsWith("Z") || t.endsWith("+00:00")) {
            return false;
        }
        int n = t.length();
        return n > 19 && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-') && t.charAt(n - 3) == ':';
    }

    private static String decode(byte[] b, int s, int e, boolean escaped) {
        String raw = new String(b, s, e - s, StandardCharsets.UTF_8);
        if (!escaped) {
            return raw;
        }
        try {
            return Json.MAPPER.readValue("\"" + raw + "\"", String.class);
        } catch (IOException x) {
            return raw + "\\";
        }
    }

    /** The keys of one object nesting level. */
    private final class Level {
        private final Field owner;
        private final String prefix;
        private final List<String> path;
        private Field[] fields = new Field[0];
        private int next;

        Level(Field owner, String prefix, List<String> path) {
            this.owner = owner;
            this.prefix = prefix;
            this.path = path;
        }

        /** The field of a key given as bytes; {@code null} when the key is not a plain column name. */
        Field field(byte[] b, int s, int e) {
            // records repeat their keys in the same order: try the one after the last found first
            int n = fields.length;
            for (int k = 0; k < n; k++) {
                int at = next + k < n ? next + k : next + k - n;
                Field f = fields[at];
                if (f.bytes.length == e - s && same(f.bytes, b, s)) {
                    next = at + 1 < n ? at + 1 : 0;
                    return f;
                }
            }
            String key = new String(b, s, e - s, StandardCharsets.UTF_8);
            return plain(key) ? add(key) : null;
        }

        Field field(String key) {
            for (Field f : fields) {
                if (f.key.equals(key)) {
                    return f;
                }
            }
            return add(key);
        }

        private boolean plain(String key) {
            if (key.isEmpty() || key.contains("__") || owner == null && key.startsWith("_kiln_") || fields.length >= 10_000) {
                return false;
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                    return false;
                }
            }
            return true;
        }

        private Field add(String key) {
            List<String> p = new ArrayList<>(path);
            p.add(key);
            Field f = new Field(prefix + key, key, List.copyOf(p));
            fields = Arrays.copyOf(fields, fields.length + 1);
            fields[fields.length - 1] = f;
            return f;
        }
    }

    private static boolean same(byte[] key, byte[] b, int s) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != b[s + i]) {
                return false;
            }
        }
        return true;
    }

    /** One key of a level: its column, or the level below it. */
    private final class Field {
        final String name;
        final String key;
        final byte[] bytes;
        final List<String> path;
        LoadType type;
        int index = -1;
        boolean parent;
        boolean offsetSeen;
        long stamp;
        private Level nested;

        Field(String name, String key, List<String> path) {
            this.name = name;
            this.key = key;
            this.bytes = key.getBytes(StandardCharsets.UTF_8);
            this.path = path;
        }

        Level nested() {
            if (nested == null) {
                nested = new Level(this, name + "__", path);
            }
            return nested;
        }
    }
}
