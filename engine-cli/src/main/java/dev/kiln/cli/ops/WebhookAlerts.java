package dev.kiln.cli.ops;

import dev.kiln.AlertConfig;
import dev.kiln.RunResults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Posts a {@link SlackMessage} to each webhook of {@code kiln.yml}'s {@code alerts:} at the end
 * of a run: on failure (the default: an error, a failed test or a cancellation) or always. A
 * webhook that cannot be reached or answers an error is a warning, never a run failure. The URL
 * is a secret: a warning names the alert by its place in {@code kiln.yml}, and anything the
 * HTTP client says is scrubbed of the URL before it is shown.
 */
public final class WebhookAlerts {

    /** How long one webhook may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;

    /** A sender with its own HTTP client. */
    public WebhookAlerts() {
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends the alerts that apply to this run.
     *
     * @param alerts   the configured webhooks
     * @param run      what ran
     * @param results  how it ended
     * @param warnings receives one line per alert that could not be delivered
     * @return how many alerts were delivered
     */
    public int send(List<AlertConfig> alerts, RunContext run, RunResults results, Consumer<String> warnings) {
        boolean failed = results.cancelled() || results.results().stream().anyMatch(r -> r.status().isFailure());
        List<AlertConfig> due = new ArrayList<>(alerts.stream().filter(a -> a.always() || failed).toList());
        if (due.isEmpty()) {
            return 0;
        }
        String body = SlackMessage.of(run, results);
        int delivered = 0;
        for (AlertConfig a : due) {
            String where = "the alert at kiln.yml:" + a.position().line() + ":" + a.position().column();
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(a.webhook())).timeout(TIMEOUT)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() / 100 == 2) {
                    delivered++;
                } else {
                    warnings.accept("Could not deliver " + where + ": the webhook answered HTTP " + resp.statusCode()
                            + ". The run's outcome is unchanged; check the webhook URL and its permissions.");
                }
            } catch (IOException | IllegalArgumentException e) {
                warnings.accept("Could not deliver " + where + ": " + scrub(e, a.webhook())
                        + ". The run's outcome is unchanged; check the webhook URL and that it is reachable.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                warnings.accept("Did not deliver " + where + ": interrupted.");
                break;
            }
        }
        return delivered;
    }

    /** The failure's description without the URL or any part of its path (which may hold a token). */
    static String scrub(Exception e, String url) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        try {
            URI u = URI.create(url);
            if (u.getRawPath() != null && u.getRawPath().length() > 1) {
                m = m.replace(u.getRawPath(), "/***");
            }
            if (u.getRawQuery() != null) {
                m = m.replace(u.getRawQuery(), "***");
            }
        } catch (IllegalArgumentException ignored) {
            // not a URI: the whole value is replaced below
        }
        return m.replace(url, "***");
    }
}
