package dev.kiln.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sync settings the benchmark uses: contacts by e-mail, three mapped properties, default rate limit. */
final class HubSpotSyncTestSettings {

    private HubSpotSyncTestSettings() {
    }

    static Map<String, Object> of(String baseUrl) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("to", "hubspot");
        s.put("object", "contacts");
        s.put("match", Map.of("column", "email", "property", "email"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("datavision_rfm_segment", "rfm_segment");
        props.put("datavision_churn_risk", "churn_risk");
        props.put("datavision_plan", "plan");
        s.put("properties", props);
        s.put("access_token", HubSpotSyncTest.TOKEN);
        s.put("base_url", baseUrl);
        return s;
    }
}
