package dev.kiln.serve;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An AWS Lambda handler for Amazon API Gateway HTTP API events (payload format 2.0), answering
 * through the same {@link ApiHandler} as {@code kiln serve}. Configure the function's handler
 * as {@code dev.kiln.serve.LambdaHandler::handleRequest}; the Java runtime turns the event JSON
 * into a {@code Map} and the returned {@code Map} into the response JSON, so no AWS library is
 * needed. The no-argument constructor loads the project named by the environment (see
 * {@link LambdaEnvironment}) once per cold start.
 */
public class LambdaHandler {

    private static volatile ApiHandler shared;
    private final ApiHandler api;

    /** The handler the Lambda runtime creates: the project from the environment, loaded once per container. */
    public LambdaHandler() {
        this(sharedHandler());
    }

    /** A handler over an API opened elsewhere. */
    public LambdaHandler(ApiHandler api) {
        this.api = api;
    }

    private static ApiHandler sharedHandler() {
        ApiHandler h = shared;
        if (h == null) {
            synchronized (LambdaHandler.class) {
                h = shared;
                if (h == null) {
                    h = LambdaEnvironment.fromEnvironment(System.getenv()).open().handler();
                    shared = h;
                }
            }
        }
        return h;
    }

    /**
     * Answers one API Gateway HTTP API (payload 2.0) event.
     *
     * @param event the event as the runtime decodes it
     * @return {@code statusCode}, {@code headers}, {@code body}, {@code isBase64Encoded}
     */
    public Map<String, Object> handleRequest(Map<String, Object> event) {
        Map<String, Object> context = map(event.get("requestContext"));
        Map<String, Object> http = map(context.get("http"));
        String method = string(http.get("method"), string(event.get("httpMethod"), "GET"));
        String path = string(event.get("rawPath"), string(http.get("path"), "/"));
        String stage = string(context.get("stage"), "$default");
        if (!stage.equals("$default") && (path.equals("/" + stage) || path.startsWith("/" + stage + "/"))) {
            path = path.substring(stage.length() + 1);
            path = path.isEmpty() ? "/" : path;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        map(event.get("headers")).forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.valueOf(v)));
        ApiRequest request = ApiRequest.of(method, path, string(event.get("rawQueryString"), ""), headers,
                string(http.get("sourceIp"), "lambda"));
        ApiResponse r = api.handle(request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", r.status());
        out.put("headers", new LinkedHashMap<>(r.headers()));
        boolean binary = r.headers().containsKey("Content-Encoding") || !textual(r.headers().get("Content-Type"));
        out.put("body", binary ? Base64.getEncoder().encodeToString(r.body()) : new String(r.body(), StandardCharsets.UTF_8));
        out.put("isBase64Encoded", binary);
        return out;
    }

    private static boolean textual(String contentType) {
        return contentType == null || contentType.startsWith("text/") || contentType.startsWith("application/json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object o, String otherwise) {
        return o == null ? otherwise : String.valueOf(o);
    }
}
