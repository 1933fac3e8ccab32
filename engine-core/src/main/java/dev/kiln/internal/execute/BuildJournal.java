package dev.kiln.internal.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The builds in progress, one JSON line appended when a build starts and one when it ends, in
 * {@code target/builds_in_progress.jsonl}. A build with a start and no end was interrupted by a
 * crash; {@link #recover} hands each to the adapter's {@link dev.kiln.spi.Materializer#recover}
 * at the start of the next run, before anything else touches the relation, so that no
 * relation stays visible under a temporary name (on warehouses without transactional DDL; on
 * those with it, a build is one transaction and there is nothing to recover). Entries of a
 * process that is still alive (another kiln on the same target directory) are left alone. A
 * torn last line (the crash fell inside a write) is ignored.
 */
public final class BuildJournal implements AutoCloseable {

    /** The journal's file name in the target directory. */
    public static final String FILE = "builds_in_progress.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BuildJournal.class);

    private final Path file;
    private final long pid = ProcessHandle.current().pid();
    private OutputStream out;
    private int open;

    private BuildJournal(Path file) {
        this.file = file;
    }

    /** A journal in {@code targetDir} (the file is created by the first build). */
    public static BuildJournal in(Path targetDir) {
        return new BuildJournal(targetDir.resolve(FILE));
    }

    /** Records that a build of {@code relation} starts. */
    public synchronized void started(String uniqueId, Relation relation) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "start");
        e.put("pid", pid);
        e.put("unique_id", uniqueId);
        e.put("database", relation.database());
        e.put("schema", relation.schema());
        e.put("identifier", relation.identifier());
        append(e);
        open++;
    }

    /** Records that the build of {@code uniqueId} ended (succeeded or failed: nothing is left to recover). */
    public synchronized void ended(String uniqueId) {
        append(Map.of("event", "end", "pid", pid, "unique_id", uniqueId));
        open--;
    }

    private void append(Map<String, Object> entry) {
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            out.write((JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush(); // into the OS: a killed process loses nothing written
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage()
                    + ". Kiln records each build there to recover from a crash; check the target directory.", e);
        }
    }

    /** Closes the file; deletes it when every build it recorded ended. */
    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
                out = null;
                if (open == 0 && pending(file).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not close {}: {}", file, e.getMessage());
        }
    }

    /**
     * Completes or rolls back, through the adapter's materializer, every build the journal in
     * {@code targetDir} shows as started and never ended by a process that is gone; then
     * removes those entries. Returns one line per thing done.
     */
    public static List<String> recover(Path targetDir, Adapter adapter) {
        Path file = targetDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<String, Pending> pending;
        try {
            pending = pending(file);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> done = new ArrayList<>();
        boolean othersAlive = false;
        try (Session s = adapter.openSession()) {
            for (Pending p : pending.values()) {
                if (p.pid() != ProcessHandle.current().pid() && ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    othersAlive = true; // another kiln is building it now
                    continue;
                }
                try {
                    done.addAll(adapter.materializer().recover(s, p.relation()));
                } catch (RuntimeException e) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot recover the interrupted build of "
                            + p.relation().displayName() + " (" + p.uniqueId() + "): " + e.getMessage()
                            + ". Drop its temporary relations by hand, then delete " + file + ".", e);
                }
            }
        }
        if (!othersAlive) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new KilnException(ErrorCode.IO, "Cannot delete " + file + ": " + e.getMessage(), e);
            }
        }
        done.forEach(line -> LOG.warn("Recovered from an interrupted run: {}", line));
        return done;
    }

    /** A build that started and did not end. */
    private record Pending(long pid, String uniqueId, Relation relation) {
    }

    private static Map<String, Pending> pending(Path file) throws IOException {
        Map<String, Pending> pending = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return pending;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode e;
            try {
                e = JSON.readTree(line);
            } catch (IOException torn) {
                continue; // the crash fell inside this write
            }
            if (e == null || !e.isObject()) {
                continue;
            }
            long pid = e.path("pid").asLong();
            String key = pid + "\u0000" + e.path("unique_id").asText();
            if (e.path("event").asText().equals("start")) {
                pending.put(key, new Pending(pid, e.path("unique_id").asText(), new Relation(
                        e.path("database").isNull() ? null : e.path("database").asText(null),
                        e.path("schema").asText(), e.path("identifier").asText())));
            } else {
                pending.remove(key);
            }
        }
        return pending;
    }
}
