package dev.datavision.raw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generates the DataVision raw layer and its ground truth.
 *
 * <p>Two passes over the users, each parallel across threads but written strictly in user order:
 * <ol>
 *   <li><b>lives</b> — every user's life is simulated from signup to 30 days after as_of; users,
 *       subscriptions, plan changes, payments, contents, sessions, campaign events and the ground
 *       truth are written, and published contents go into a {@link ContentIndex};</li>
 *   <li><b>interactions</b> — every user's life is replayed (it is a pure function of the seed) to
 *       get its sessions again, and content interactions are drawn from the index.</li>
 * </ol>
 * Both output directories are built in staging directories and swapped into place at the end.
 */
public final class RawDataGenerator {

    private static final int CHUNK_USERS = 200;
    private static final List<Table> LIFE_TABLES = List.of(Table.USERS, Table.SUBSCRIPTIONS, Table.PLAN_CHANGES,
            Table.PAYMENTS, Table.CONTENTS, Table.SESSIONS, Table.CAMPAIGN_EVENTS, Table.USER_TRUTH, Table.CONTENT_TRUTH);

    private final GeneratorConfig config;
    private final GenerationListener listener;

    /**
     * @param config   what to generate
     * @param listener progress callbacks (may throw to abort)
     */
    public RawDataGenerator(GeneratorConfig config, GenerationListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Runs the generator; on failure the previous output (if any) is left untouched. */
    public GenerationSummary generate() throws IOException {
        long started = System.nanoTime();
        AtomicDirectory.checkReplaceable(config.out().toAbsolutePath().normalize());
        AtomicDirectory.checkReplaceable(config.truthOut().toAbsolutePath().normalize());
        try (AtomicDirectory raw = AtomicDirectory.begin(config.out());
             AtomicDirectory truth = AtomicDirectory.begin(config.truthOut())) {
            Path spill = raw.staging().resolve(".spill");
            Map<String, Long> rawRows;
            Map<String, Long> truthRows;
            try (ParquetSink sink = new ParquetSink(raw.staging(), truth.staging(), spill, config.partRows(), listener)) {
                write(sink);
                rawRows = sink.rows(Table.Layer.RAW);
                truthRows = sink.rows(Table.Layer.TRUTH);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("raw data generation failed: " + e.getMessage(), e);
            }
            AtomicDirectory.deleteRecursively(spill);
            writeManifest(raw.staging(), rawRows);
            writeManifest(truth.staging(), truthRows);
            raw.commit();
            truth.commit();
            GenerationSummary summary = new GenerationSummary(config, rawRows, truthRows,
                    Duration.ofNanos(System.nanoTime() - started));
            listener.finished(summary);
            return summary;
        }
    }

    private void write(ParquetSink sink) throws Exception {
        SimClock clock = new SimClock(config.asOf());
        List<Campaign> campaigns = CampaignPlanner.plan(config.seed(), clock);
        UserProfiles profiles = new UserProfiles(config.seed(), config.scale(), clock);
        LifeSimulator simulator = new LifeSimulator(config.seed(), clock, campaigns);

        for (Plan plan : Plan.values()) {
            sink.append(new BillingRows.PlanRow(plan, clock.startSec() - 30 * SimClock.DAY), Row.IdBase.NONE);
        }
        sink.finish(Table.PLANS);
        for (Campaign c : campaigns) {
            if (c.startSec() < clock.asOfSec()) {
                sink.append(new MarketingRows.CampaignRow(c), Row.IdBase.NONE);
            }
        }
        sink.finish(Table.CAMPAIGNS);

        long users = config.scale();
        long[] sessionBase = new long[Math.toIntExact(users)];
        ContentIndex.Builder catalogue = new ContentIndex.Builder();
        long[] next = new long[UserLife.Sequence.values().length];
        java.util.Arrays.fill(next, 1);

        try (OrderedPipeline pipeline = new OrderedPipeline(config.threads())) {
            listener.passStarted("lives", users);
            pipeline.<List<UserLife>>run(1, users, CHUNK_USERS, (from, to) -> {
                List<UserLife> lives = new ArrayList<>((int) (to - from + 1));
                for (long id = from; id <= to; id++) {
                    lives.add(simulator.simulate(profiles.profile(id), true));
                }
                return lives;
            }, (lives, to) -> {
                for (UserLife life : lives) {
                    Row.IdBase ids = new Row.IdBase(next[0], next[1], next[2], next[3], next[4], next[5], 0);
                    sessionBase[(int) (life.profile.userId() - 1)] = ids.session();
                    for (Table table : LIFE_TABLES) {
                        for (Row row : life.rows(table)) {
                            sink.append(row, ids);
                        }
                    }
                    for (Row row : life.rows(Table.CONTENTS)) {
                        ActivityRows.Content c = (ActivityRows.Content) row;
                        if (c.publishSec() != Row.NULL_TIME && c.publishSec() < clock.asOfSec()) {
                            catalogue.add(c.category(), ids.content() + c.localId(), c.contentType(), c.publishSec(),
                                    c.archiveSec(), c.quality());
                        }
                    }
                    for (UserLife.Sequence s : UserLife.Sequence.values()) {
                        next[s.ordinal()] += life.used(s);
                    }
                }
                listener.usersDone("lives", to, users);
            });
            for (Table table : LIFE_TABLES) {
                sink.finish(table);
            }

            InteractionSimulator interactions = new InteractionSimulator(config.seed(), catalogue.build());
            long[] nextInteraction = {1};
            listener.passStarted("interactions", users);
            pipeline.<List<InteractionSimulator.Batch>>run(1, users, CHUNK_USERS, (from, to) -> {
                List<InteractionSimulator.Batch> batches = new ArrayList<>((int) (to - from + 1));
                for (long id = from; id <= to; id++) {
                    batches.add(interactions.interactions(simulator.simulate(profiles.profile(id), false)));
                }
                return batches;
            }, (batches, to) -> {
                long userId = to - batches.size() + 1;
                for (InteractionSimulator.Batch batch : batches) {
                    Row.IdBase ids = new Row.IdBase(0, 0, 0, 0, sessionBase[(int) (userId - 1)], 0, nextInteraction[0]);
                    for (Row row : batch.rows()) {
                        sink.append(row, ids);
                    }
                    nextInteraction[0] += batch.used();
                    userId++;
                }
                listener.usersDone("interactions", to, users);
            });
            sink.finish(Table.CONTENT_INTERACTIONS);
        }
    }

    private void writeManifest(Path dir, Map<String, Long> rows) throws IOException {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"generator\": \"dev.datavision.raw\",\n");
        json.append("  \"format_version\": 1,\n");
        json.append("  \"seed\": ").append(config.seed()).append(",\n");
        json.append("  \"scale\": ").append(config.scale()).append(",\n");
        json.append("  \"as_of\": \"").append(config.asOf()).append("\",\n");
        json.append("  \"history_start\": \"").append(config.asOf().minusMonths(SimClock.HISTORY_MONTHS)).append("\",\n");
        json.append("  \"truth_window_days\": ").append(SimClock.TRUTH_WINDOW_DAYS).append(",\n");
        json.append("  \"tables\": {");
        String separator = "\n";
        for (Map.Entry<String, Long> e : rows.entrySet()) {
            json.append(separator).append("    \"").append(e.getKey()).append("\": ").append(e.getValue());
            separator = ",\n";
        }
        json.append("\n  }\n}\n");
        Files.writeString(dir.resolve(AtomicDirectory.MARKER), json.toString(), StandardCharsets.UTF_8);
    }
}
