package dev.kiln.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * HubSpot's CRM API as the sync uses it: requests from one or a few threads, within the {@link RateBudget},
 * retrying what can be retried (5xx, connection errors, the ten-secondly limit) and stopping at
 * once on what cannot (bad credentials, the daily limit). The access token goes into the
 * {@code Authorization} header and nowhere else; every text that leaves this class (messages,
 * progress lines) has it removed.
 */
final class HubSpotClient {

    /** An answer HubSpot gave (after retries): its status and body. */
    record Response(int status, JsonNode body, String text) {
        /** HubSpot's {@code message}, or the body's text. */
        String message() {
            JsonNode m = body == null ? null : body.get("message");
            return m != null && m.isTextual() ? m.asText() : text;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private static final long BACKOFF_BASE_MS = Long.getLong("kiln.hubspot.backoffBaseMs", 500);
    private static final long BACKOFF_MAX_MS = 30_000;
    private static final int MAX_RATE_LIMITED = 20;

    private final HubSpotSettings settings;
    private final HttpClient http;
    private final RateBudget budget;
    private final Consumer<String> progress;
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rateLimited = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong retried = new java.util.concurrent.atomic.AtomicLong();

    HubSpotClient(HubSpotSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        this.budget = new RateBudget(settings.requests(), settings.interval());
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Requests sent (every attempt). */
    long requests() {
        return requests.get();
    }

    /** 429 answers received. */
    long rateLimited() {
        return rateLimited.get();
    }

    /** Attempts repeated after a 5xx, a 429 or a connection error. */
    long retried() {
        return retried.get();
    }

    /** {@code POST /crm/v3/objects/{object}/batch/upsert} with {@code changes}. */
    Response upsert(List<Change> changes) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        for (Change c : changes) {
            ObjectNode in = inputs.addObject();
            in.put("id", c.key());
            in.put("idProperty", settings.matchProperty());
            ObjectNode props = in.putObject("properties");
            c.properties().forEach(props::put);
        }
        return send("POST", "/crm/v3/objects/" + settings.object() + "/batch/upsert", body.toString());
    }

    /** The names of the object's properties ({@code GET /crm/v3/properties/{object}}). */
    java.util.Set<String> propertyNames() {
        Response r = send("GET", "/crm/v3/properties/" + settings.object(), null);
        if (r.status() != 200 || r.body() == null || !r.body().path("results").isArray()) {
            throw failure("could not list the properties of HubSpot's " + settings.object(), r);
        }
        java.util.Set<String> names = new TreeSet<>();
        r.body().path("results").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    /** Creates a property ({@code POST /crm/v3/properties/{object}}). */
    void createProperty(String name, PropertyType type) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("label", name);
        body.put("type", type.type());
        body.put("fieldType", type.fieldType());
        body.put("groupName", settings.propertyGroup());
        body.put("description", "Sent by Kiln (sync exposure " + settings.exposure() + ")");
        if (type == PropertyType.BOOL) {
            ArrayNode opts = body.putArray("options");
            opts.addObject().put("label", "Yes").put("value", "true").put("displayOrder", 0);
            opts.addObject().put("label", "No").put("value", "false").put("displayOrder", 1);
        }
        Response r = send("POST", "/crm/v3/properties/" + settings.object(), body.toString());
        if (r.status() != 201 && r.status() != 200 && r.status() != 409) {
            throw failure("could not create the HubSpot property '" + name + "' (" + type.type() + ")", r);
        }
    }

    /**
     * Sends one request, within the budget, retrying 5xx answers, connection errors and 429s
     * (waiting as HubSpot asks); returns any other answer. 401 and 403 and the daily limit
     * stop the sync with a {@link KilnException}.
     */
    Response send(String method, String path, String body) {
        int failures = 0;
        int limited = 0;
        while (true) {
            try {
                budget.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KilnException(ErrorCode.CANCELLED, "The sync of exposure '" + settings.exposure() + "' was interrupted.");
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                    .timeout(settings.timeout())
                    .header("Authorization", "Bearer " + settings.accessToken())
                    .header("Accept", "application/json");
            if (body == null) {
                rb.GET();
            } else {
                rb.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<String> resp;
            requests.incrementAndGet();
            try {
                resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                budget.completed();
                if (failures++ >= settings.maxRetries()) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "Could not reach HubSpot at " + settings.baseUrl() + " for exposure '"
                            + settings.exposure() + "' after " + failures + " attempts: " + redact(String.valueOf(e.getMessage()))
                            + ". Records HubSpot acknowledged are kept in the sync state; run the sync again to send the rest.", e);
                }
                backoff(failures, "connection error (" + e.getClass().getSimpleName() + ")");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KilnException(ErrorCode.CANCELLED, "The sync of exposure '" + settings.exposure() + "' was interrupted.");
            }
            budget.completed();
            Response r = new Response(resp.statusCode(), parse(resp.body()), resp.body());
            int status = r.status();
            if (status == 401 || status == 403) {
                throw authFailure(r);
            }
            if (status == 429) {
                rateLimited.incrementAndGet();
                Duration wait = rateLimitWait(resp, r);
                if (++limited > MAX_RATE_LIMITED) {
                    throw failure("HubSpot kept answering 429 (rate limited) " + limited + " times in a row", r);
                }
                retried.incrementAndGet();
                progress.accept(settings.exposure() + ": HubSpot rate limit reached (" + policy(r).orElse("no policy named")
                        + "), waiting " + wait.toMillis() + " ms");
                budget.pause(wait);
                continue;
            }
            if (status >= 500) {
                if (failures++ >= settings.maxRetries()) {
                    throw failure("HubSpot answered " + status + " " + failures + " times in a row", r);
                }
                backoff(failures, "HubSpot answered " + status);
                continue;
            }
            return r;
        }
    }

    /** How long a 429 asks to wait; the daily limit throws instead. */
    private Duration rateLimitWait(HttpResponse<String> resp, Response r) {
        String policy = policy(r).orElse("");
        if (policy.equals("DAILY")) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "HubSpot's daily API limit is reached (429, policy DAILY): the sync of exposure '"
                    + settings.exposure() + "' stopped. Records HubSpot acknowledged so far are kept in the sync state; run the sync again once "
                    + "the limit resets (midnight in the HubSpot account's time zone) and it resumes with the rest. HubSpot said: " + redact(r.message()));
        }
        Optional<String> retryAfter = resp.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                double seconds = Double.parseDouble(retryAfter.get().trim());
                return Duration.ofMillis(Math.max(0, Math.min(600_000, Math.round(seconds * 1000))));
            } catch (NumberFormatException ignored) {
                // an HTTP date: fall back to the policy
            }
        }
        if (policy.equals("SECONDLY")) {
            return Duration.ofSeconds(1);
        }
        long interval = resp.headers().firstValue("X-HubSpot-RateLimit-Interval-Milliseconds")
                .map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return -1L;
                    }
                }).filter(v -> v > 0 && v <= 600_000).orElse(budget.interval().toMillis());
        return Duration.ofMillis(interval);
    }

    private static Optional<String> policy(Response r) {
        JsonNode p = r.body() == null ? null : r.body().get("policyName");
        return p != null && p.isTextual() ? Optional.of(p.asText()) : Optional.empty();
    }

    private void backoff(int failures, String why) {
        long cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(20, failures - 1));
        long wait = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        retried.incrementAndGet();
        progress.accept(settings.exposure() + ": " + why + ", retrying in " + wait + " ms (attempt " + (failures + 1) + " of "
                + (settings.maxRetries() + 1) + ")");
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.CANCELLED, "The sync of exposure '" + settings.exposure() + "' was interrupted.");
        }
    }

    private KilnException authFailure(Response r) {
        List<String> vars = TokenSource.variablesHolding(settings.accessToken());
        String where = vars.isEmpty()
                ? "the access_token of sync exposure '" + settings.exposure() + "'"
                : "the access_token of sync exposure '" + settings.exposure() + "', read from the environment variable "
                        + String.join(" / ", vars);
        String fix = r.status() == 401
                ? "Set it to a valid HubSpot Private App access token (Settings > Integrations > Private Apps > Auth)."
                : "Give the Private App the scopes it needs: crm.objects." + settings.object() + ".write (and .read)"
                        + (settings.createProperties() ? ", crm.schemas." + settings.object() + ".read and .write" : "") + ".";
        return new KilnException(ErrorCode.EXECUTION_FAILED, "HubSpot refused " + where + " (" + r.status()
                + (r.status() == 401 ? " Unauthorized" : " Forbidden") + ": " + redact(r.message()) + "). " + fix
                + " Nothing more was sent; records acknowledged before are kept in the sync state.");
    }

    /** A failure that stops the sync, with HubSpot's answer. */
    KilnException failure(String what, Response r) {
        String category = r.body() == null ? "" : r.body().path("category").asText("");
        return new KilnException(ErrorCode.EXECUTION_FAILED, "Sync of exposure '" + settings.exposure() + "': " + what + " (HTTP " + r.status()
                + (category.isEmpty() ? "" : ", " + category) + "): " + redact(r.message())
                + ". Records HubSpot acknowledged are kept in the sync state; run the sync again to send the rest.");
    }

    /** {@code text} with the access token (if any) replaced by {@code ***}. */
    String redact(String text) {
        return TokenSource.redact(text, settings.accessToken());
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** The ids a 207 answer's errors name (values of their {@code context}), for matching with inputs. */
    static java.util.Map<String, String> erroredIds(JsonNode body) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode err : body.path("errors")) {
            String msg = err.path("message").asText("rejected by HubSpot");
            JsonNode ctx = err.path("context");
            for (Iterator<JsonNode> it = ctx.elements(); it.hasNext(); ) {
                JsonNode v = it.next();
                if (v.isArray()) {
                    v.forEach(x -> out.putIfAbsent(x.asText(), msg));
                } else if (v.isValueNode()) {
                    out.putIfAbsent(v.asText(), msg);
                }
            }
        }
        return out;
    }
}
