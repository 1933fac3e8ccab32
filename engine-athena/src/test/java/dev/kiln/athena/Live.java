package dev.kiln.athena;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real-AWS test settings, from the environment. Tests that need AWS are skipped unless
 * {@value #REGION}, {@value #STAGING} and {@value #DATA} are set; credentials then come from the
 * default provider chain, as in production.
 */
final class Live {

    static final String REGION = "KILN_ATHENA_IT_REGION";
    static final String STAGING = "KILN_ATHENA_IT_S3_STAGING";
    static final String DATA = "KILN_ATHENA_IT_S3_DATA";
    static final String WORK_GROUP = "KILN_ATHENA_IT_WORK_GROUP";
    static final String SCHEMA = "KILN_ATHENA_IT_SCHEMA";

    static final String HOW = "Set " + REGION + ", " + STAGING + " and " + DATA
            + " (and AWS credentials) to run the Athena integration tests";

    /** A folder of this test run under the data dir, so runs never share data. */
    static final String RUN = "kiln-it-" + UUID.randomUUID().toString().substring(0, 8) + "/";

    private Live() {
    }

    static boolean enabled() {
        return set(REGION) && set(STAGING) && set(DATA);
    }

    private static boolean set(String name) {
        String v = System.getenv(name);
        return v != null && !v.isBlank();
    }

    /** Target settings for a run against real Athena. */
    static Map<String, Object> settings(String schema) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("region", System.getenv(REGION));
        s.put("s3_staging_dir", System.getenv(STAGING));
        s.put("s3_data_dir", S3Uri.parse(System.getenv(DATA)).resolve(RUN).toString());
        s.put("schema", schema);
        s.put("execution", "api");
        s.put("threads", 4);
        if (set(WORK_GROUP)) {
            s.put("work_group", System.getenv(WORK_GROUP));
        }
        return s;
    }

    /** The schema integration runs land in by default. */
    static String schema() {
        return set(SCHEMA) ? System.getenv(SCHEMA) : "kiln_it";
    }
}
