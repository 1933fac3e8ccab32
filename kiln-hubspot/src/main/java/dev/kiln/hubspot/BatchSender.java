package dev.kiln.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends changes to HubSpot in batches and records, after each answer, what HubSpot accepted in
 * the sync state, so that a crash resends at most the batch in flight. A batch HubSpot refuses
 * as a whole (400) is split in halves until the records at fault are alone; those are
 * rejected with HubSpot's message and the rest are sent.
 */
final class BatchSender {

    private static final Pattern MISSING_PROPERTY = Pattern.compile("Property \\\\?\"?([a-z0-9_]+)\\\\?\"? does not exist|PROPERTY_DOESNT_EXIST");

    private final HubSpotSettings settings;
    private final HubSpotClient client;
    private final SyncState state;
    private final RejectedRecords rejected;
    private final Consumer<String> progress;
    private final long total;
    private final List<Change> batch = new ArrayList<>();
    private long sent;
    private long created;
    private long updated;
    private long lastProgress = System.nanoTime();

    BatchSender(HubSpotSettings settings, HubSpotClient client, SyncState state, RejectedRecords rejected,
                Consumer<String> progress, long total) {
        this.settings = settings;
        this.client = client;
        this.state = state;
        this.rejected = rejected;
        this.progress = progress;
        this.total = total;
    }

    /** Queues a change; a full batch is sent. */
    void add(Change c) {
        batch.add(c);
        if (batch.size() == settings.batchSize()) {
            flush();
        }
    }

    /** Sends what is queued. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Change> b = List.copyOf(batch);
        batch.clear();
        send(b);
        if (System.nanoTime() - lastProgress > 10_000_000_000L) {
            lastProgress = System.nanoTime();
            progress.accept(settings.exposure() + ": " + sent + " of " + total + " records sent to HubSpot (" + client.requests()
                    + " requests, " + rejected.count() + " rejected)");
        }
    }

    /** Records HubSpot created. */
    long created() {
        return created;
    }

    /** Records HubSpot updated. */
    long updated() {
        return updated;
    }

    private void send(List<Change> b) {
        HubSpotClient.Response r = client.upsert(b);
        int status = r.status();
        if (status == 200 || status == 201) {
            accept(b, r.body());
            return;
        }
        if (status == 207 && r.body() != null) {
            Map<String, String> errors = HubSpotClient.erroredIds(r.body());
            List<Change> ok = new ArrayList<>();
            List<Change> bad = new ArrayList<>();
            b.forEach(c -> (errors.containsKey(c.key()) ? bad : ok).add(c));
            if (!bad.isEmpty()) {
                accept(ok, null);
                bad.forEach(c -> rejected.add(c.key(), c.properties(), "HubSpot: " + client.redact(errors.get(c.key()))));
                return;
            }
            // the errors do not say which records: narrow them down like a 400
        } else if (status == 404) {
            throw client.failure("HubSpot has no object type '" + settings.object() + "' (check object:)", r);
        } else if (status != 400 && status != 409 && status != 422) {
            throw client.failure("HubSpot did not accept a batch upsert", r);
        }
        String message = r.message() == null ? "" : r.message();
        Matcher m = MISSING_PROPERTY.matcher(message);
        if (m.find()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Sync of exposure '" + settings.exposure() + "': HubSpot has no property "
                    + (m.group(1) == null ? "named in properties:" : "'" + m.group(1) + "'") + " on " + settings.object()
                    + ". Create it in HubSpot, or set create_properties: true to let Kiln create the missing ones. HubSpot said: "
                    + client.redact(message));
        }
        if (b.size() == 1) {
            Change c = b.get(0);
            rejected.add(c.key(), c.properties(), "HubSpot (" + status + "): " + client.redact(message));
            return;
        }
        int half = b.size() / 2;
        send(b.subList(0, half));
        send(b.subList(half, b.size()));
    }

    private void accept(List<Change> ok, JsonNode body) {
        if (ok.isEmpty()) {
            return;
        }
        state.acknowledge(ok, System.currentTimeMillis());
        sent += ok.size();
        long news = -1;
        if (body != null && body.path("results").isArray() && body.path("results").size() == ok.size()) {
            news = 0;
            for (JsonNode res : body.path("results")) {
                if (!res.has("new")) {
                    news = -1;
                    break;
                }
                news += res.path("new").asBoolean() ? 1 : 0;
            }
        }
        if (news < 0) {
            news = ok.stream().filter(Change::isNew).count();
        }
        created += news;
        updated += ok.size() - news;
    }
}
