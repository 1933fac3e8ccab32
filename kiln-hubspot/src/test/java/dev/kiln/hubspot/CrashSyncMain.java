package dev.kiln.hubspot;

import dev.kiln.KilnException;
import dev.kiln.hubspot.testserver.DuckDbTarget;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sync in its own JVM, for tests that kill it mid-way: {@code CrashSyncMain DB_FILE BASE_URL
 * WORK_DIR}, the token from {@code HUBSPOT_ACCESS_TOKEN}. Exit code 0 after the sync, 1 with
 * the message on standard error when it failed.
 */
public final class CrashSyncMain {

    private CrashSyncMain() {
    }

    /** The sync settings the crash tests use. */
    static Map<String, Object> settings(String baseUrl, String token) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("to", "hubspot");
        s.put("object", "contacts");
        s.put("match", Map.of("column", "email", "property", "email"));
        s.put("properties", Map.of("datavision_rfm_segment", "rfm_segment"));
        s.put("access_token", token);
        s.put("base_url", baseUrl);
        return s;
    }

    public static void main(String[] args) {
        try (DuckDbTarget db = new DuckDbTarget(Path.of(args[0]))) {
            db.sync("hubspot_contacts", settings(args[1], System.getenv("HUBSPOT_ACCESS_TOKEN")), HubSpotSyncTest.MODEL, false,
                    Path.of(args[2]), System.out::println);
        } catch (KilnException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
