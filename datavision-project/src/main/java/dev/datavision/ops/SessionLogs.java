package dev.datavision.ops;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The sessions log: the platform writes one JSON-lines file per UTC day,
 * {@code sessions-YYYY-MM-DD.jsonl}, into the landing folder once the day is over. A line is one
 * session (one login) that started that day:
 * <pre>{"session_id":1,"user_id":7,"started_at":"2026-10-30T08:01:02","ended_at":"2026-10-30T08:21:40","device":"web","country":"US"}</pre>
 * Times are UTC, ISO 8601 without an offset; {@code ended_at} is {@code null} for a session that was
 * never closed. Files are written whole (temporary file, then rename) and never rewritten, so a
 * loader that takes each file once sees every session once.
 */
final class SessionLogs {

    /** Name prefix of the daily files. */
    static final String PREFIX = "sessions-";
    /** Name suffix of the daily files. */
    static final String SUFFIX = ".jsonl";
    private static final String IDENTITY_FILE = ".history";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private final Path dir;
    private final JsonFactory json = new JsonFactory();

    SessionLogs(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Brings the folder to the clock: writes the file of every finished day after the newest file
     * there (the last day of the history also carries any session started later), and removes files
     * of days at or after the clock (left by an earlier run with a later clock) or of another history.
     *
     * @return the files written
     */
    List<Path> sync(History history, LocalDate clock) throws IOException, SQLException {
        Files.createDirectories(dir);
        Path identity = dir.resolve(IDENTITY_FILE);
        boolean sameHistory = Files.isRegularFile(identity)
                && Files.readString(identity, StandardCharsets.UTF_8).equals(history.identity());
        LocalDate lastDay = history.asOf().minusDays(1);
        LocalDate newest = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                LocalDate day = dayOf(file);
                if (day != null && (!sameHistory || !day.isBefore(clock))) {
                    Files.delete(file);
                } else if (day != null && (newest == null || day.isAfter(newest))) {
                    newest = day;
                }
            }
        }
        if (!sameHistory) {
            writeAtomically(identity, history.identity().getBytes(StandardCharsets.UTF_8));
        }
        List<Path> written = new ArrayList<>();
        String query = "SELECT session_id, user_id, started_at, ended_at, device, country, "
                + "least(CAST(started_at AS DATE), DATE '" + lastDay + "') AS log_day FROM history_sessions "
                + "WHERE started_at < " + history.cutoff(clock)
                + (newest != null ? " AND started_at >= TIMESTAMP '" + newest.plusDays(1) + " 00:00:00'" : "")
                + " ORDER BY log_day, started_at, session_id";
        try (Statement s = history.connection().createStatement(); ResultSet r = s.executeQuery(query)) {
            DayWriter writer = null;
            while (r.next()) {
                LocalDate day = r.getDate(7).toLocalDate();
                if (writer == null || !writer.day.equals(day)) {
                    if (writer != null) {
                        writer.finish(written);
                    }
                    writer = Files.exists(file(day)) ? new DayWriter(day, null) : new DayWriter(day, this);
                }
                writer.write(r);
            }
            if (writer != null) {
                writer.finish(written);
            }
        }
        return written;
    }

    Path file(LocalDate day) {
        return dir.resolve(PREFIX + day + SUFFIX);
    }

    static LocalDate dayOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        move(tmp, target);
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes one day's file (or skips the day's rows when {@code logs} is null: the file exists). */
    private static final class DayWriter {
        final LocalDate day;
        final SessionLogs logs;
        final Path tmp;
        final OutputStream out;
        final JsonGenerator gen;

        DayWriter(LocalDate day, SessionLogs logs) throws IOException {
            this.day = day;
            this.logs = logs;
            if (logs == null) {
                tmp = null;
                out = null;
                gen = null;
            } else {
                tmp = logs.dir.resolve("." + PREFIX + day + SUFFIX + ".tmp");
                out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                gen = logs.json.createGenerator(out, JsonEncoding.UTF8);
                gen.setRootValueSeparator(null);
            }
        }

        void write(ResultSet r) throws SQLException, IOException {
            if (gen == null) {
                return;
            }
            gen.writeStartObject();
            gen.writeNumberField("session_id", r.getLong(1));
            gen.writeNumberField("user_id", r.getLong(2));
            time(gen, "started_at", r.getObject(3, LocalDateTime.class));
            time(gen, "ended_at", r.getObject(4, LocalDateTime.class));
            gen.writeStringField("device", r.getString(5));
            gen.writeStringField("country", r.getString(6));
            gen.writeEndObject();
            gen.writeRaw('\n');
        }

        void finish(List<Path> written) throws IOException {
            if (gen == null) {
                return;
            }
            gen.close();
            Path target = logs.file(day);
            move(tmp, target);
            written.add(target);
        }

        private static void time(JsonGenerator gen, String field, LocalDateTime value) throws IOException {
            if (value == null) {
                gen.writeNullField(field);
            } else {
                gen.writeStringField(field, ISO.format(value));
            }
        }
    }
}
