package dev.kiln.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code --log-format json}: writes events as dbt's structured logs do, one JSON object per
 * line:
 * <pre>{@code
 * {"info":{"name":"LogModelResult","msg":"1 of 3 OK created view main.stg_users ... [OK in 0.02s]",
 *          "level":"info","ts":"2026-12-07T03:40:00.123456Z","invocation_id":"…","pid":123,"thread":"main",
 *          "category":"","code":""},
 *  "data":{"node_info":{…},"status":"success","execution_time":0.02}}
 * }</pre>
 * Event names are dbt's where one exists ({@code MainReportVersion}, {@code FoundStats},
 * {@code NodeStart}, {@code LogModelResult}, {@code LogTestResult}, {@code NodeFinished},
 * {@code StatsLine}, {@code MainEncounteredError}, …), otherwise {@code Note}.
 */
final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String invocationId = UUID.randomUUID().toString();
    private final long pid = ProcessHandle.current().pid();

    /** This invocation's id, in every event. */
    String invocationId() {
        return invocationId;
    }

    /**
     * Writes one event as one line and flushes.
     *
     * @param to    where
     * @param name  the event's name
     * @param level {@code debug}, {@code info}, {@code warn} or {@code error}
     * @param msg   the text a person would read
     * @param data  the event's fields
     */
    void event(PrintWriter to, String name, String level, String msg, Map<String, Object> data) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("code", "");
        info.put("msg", msg);
        info.put("level", level);
        info.put("invocation_id", invocationId);
        info.put("pid", pid);
        info.put("thread", Thread.currentThread().getName());
        info.put("ts", TS.format(Instant.now()));
        info.put("category", "");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("info", info);
        event.put("data", data);
        String line;
        try {
            line = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            line = "{\"info\":{\"name\":\"Note\",\"level\":\"error\",\"msg\":\"unserializable event " + name + "\"},\"data\":{}}";
        }
        synchronized (this) {
            to.println(line);
            to.flush();
        }
    }

    /**
     * The dbt event name of a line of text output ({@code Note} when none fits).
     *
     * @param line  one line
     * @param level its level
     * @return the event name
     */
    static String nameOf(String line, String level) {
        String s = line.strip();
        if (s.startsWith("Running with kiln=")) {
            return "MainReportVersion";
        } else if (s.startsWith("Found ")) {
            return "FoundStats";
        } else if (s.startsWith("Finished running ")) {
            return "FinishedRunningStats";
        } else if (s.startsWith("Completed successfully") || s.startsWith("Completed with ")) {
            return "EndOfRunSummary";
        } else if (s.startsWith("Done. PASS=")) {
            return "StatsLine";
        } else if (s.startsWith("Failure in ")) {
            return "RunResultFailure";
        } else if (s.startsWith("Error in ")) {
            return "RunResultError";
        } else if (s.startsWith("Warning in ")) {
            return "RunResultWarning";
        } else if (s.startsWith("Nothing to do")) {
            return "NothingToDo";
        } else if ("error".equals(level)) {
            return "MainEncounteredError";
        }
        return "Note";
    }

    /** {@code error}, {@code warn} or {@code info}, from what a line of text says. */
    static String levelOf(String line, String fallback) {
        String s = line.strip();
        if (s.contains(": error:") || s.startsWith("error") || s.startsWith("internal error")) {
            return "error";
        }
        if (s.contains(": warning:") || s.startsWith("warning")) {
            return "warn";
        }
        return fallback;
    }
}
