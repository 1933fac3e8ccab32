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
 * Sends changes to HubSpot in batches, up to {@code concurrency} requests in flight, and
 * records, after each answer (taken in the order the batches were sent), what HubSpot accepted
 * in the sync state, so that a crash resends at most the batches in flight. A batch HubSpot refuses
 * as a whole (400) is split in halves until the records at fault are alone; those are
 * rejected with HubSpot's message and the rest are sent.
 */
final class BatchSender implements AutoCloseable {

    private static final Pattern MISSING_PROPERTY = Pattern.compile("Property \\\\?\"?([a-z0-9_]+)\\\\?\"? does not exist|PROPERTY_DOESNT_EXIST");

    private final HubSpotSettings settings;
    private final HubSpotClient client;
    private final SyncState state;
    private final RejectedRecords rejected;
    private final Consumer<String> progress;
    private final long total;
    private final List<Change> batch = new ArrayList<>();
    private final java.util.ArrayDeque<InFlight> inFlight = new java.util.ArrayDeque<>();
    private final java.util.concurrent.ExecutorService pool;
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
        this.pool = java.util.concurrent.Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "kiln-hubspot-" + settings.exposure());
            t.setDaemon(true);
            return t;
        });
    }

    /** A batch sent and the answer to come. */
    private record InFlight(List<Change> batch, java.util.concurrent.Future<HubSpotClient.Response> answer) {
    }

    /** Queues a change; a full batch is sent. */
    void add(Change c) {
        batch.add(c);
        if (batch.size() == settings.batchSize()) {
            flush();
        }
    }

    /** Sends what is queued; waits for the oldest answer while {@code concurrency} requests are in flight. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Change> b = List.copyOf(batch);
        batch.clear();
        inFlight.addLast(new InFlight(b, pool.submit(() -> client.upsert(b))));
        while (inFlight.size() >= settings.concurrency()) {
            settleOldest();
        }
        if (System.nanoTime() - lastProgress > 10_000_000_000L) {
            lastProgress = System.nanoTime();
            progress.accept(settings.exposure() + ": " + sent + " of " + total + " records sent to HubSpot (" + client.requests()
                    + " requests, " + rejected.count() + " rejected)");
        }
    }

    /** Sends what is queued and settles every answer. */
    void finish() {
        flush();
        while (!inFlight.isEmpty()) {
            settleOldest();
        }
    }

    /**
     * Takes the oldest answer and records what HubSpot accepted. When it stops the sync, the
     * answers of the other batches in flight are settled first, so that what HubSpot accepted
     * is in the state.
     */
    private void settleOldest() {
        InFlight f = inFlight.pollFirst();
        try {
            handle(f.batch(), answer(f));
        } catch (RuntimeException e) {
            while (!inFlight.isEmpty()) {
                InFlight other = inFlight.pollFirst();
                try {
                    handle(other.batch(), answer(other));
                } catch (RuntimeException ignored) {
                    // the first failure is the one reported
                }
            }
            throw e;
        }
    }

    private static HubSpotClient.Response answer(InFlight f) {
        try {
            return f.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.CANCELLED, "The sync was interrupted.");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
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
        handle(b, client.upsert(b));
    }

    private void handle(List<Change> b, HubSpotClient.Response r) {
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
