package dev.kiln.hubspot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.SyncDestination;
import dev.kiln.spi.SyncOutcome;
import dev.kiln.spi.SyncRequest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code hubspot} sync destination: sends the records of a model that changed since the
 * last sync to HubSpot's CRM with {@code POST /crm/v3/objects/{object}/batch/upsert}, matching
 * records by a unique property ({@code match.property}, e.g. {@code email}).
 *
 * <p>What changed is worked out in the target database: the hash of each record's mapped
 * values is compared with the state table {@code <stateSchema>.kiln_hubspot__<exposure>},
 * which grows after each batch HubSpot acknowledged, so a sync that stops (a crash, the daily
 * limit, bad data) resends at most the batch in flight when run again. See
 * {@code docs/hubspot.md} for every key of the {@code sync:} block.
 */
public final class HubSpotDestination implements SyncDestination {

    /** The dry run's file in the work folder. */
    public static final String DRY_RUN_FILE = "dry-run.json";

    /** Rows of the diff a dry run lists. */
    static final int DRY_RUN_ROWS = 20;

    @Override
    public String name() {
        return "hubspot";
    }

    @Override
    public Set<String> keys() {
        return HubSpotSettings.KEYS;
    }

    @Override
    public SyncOutcome sync(SyncRequest request) {
        HubSpotSettings settings = HubSpotSettings.read(request.exposure(), request.settings(), request.dryRun());
        Consumer<String> progress = request.progress() == null ? s -> { } : request.progress();
        RelationInfo info = request.session().describe(request.model()).orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED,
                "Sync of exposure '" + settings.exposure() + "': the model's relation " + request.model().displayName()
                        + " does not exist. Build it first (kiln build -s +exposure:" + settings.exposure() + ")."));
        Map<String, String> types = columnTypes(settings, info);
        SyncState state = new SyncState(request.session(), request.dialect(), request.stateSchema(), settings.exposure());
        Differ differ = new Differ(settings, request.dialect(), request.model());
        long total = ((Number) request.session().query(differ.countSql(), 1).scalar()).longValue();
        if (request.dryRun()) {
            return dryRun(request, settings, state, differ, total);
        }
        state.ensure();
        Path spoolFile = request.workDir().resolve(".changes.json.tmp");
        HubSpotClient client = new HubSpotClient(settings, progress);
        long invalid;
        long changes;
        try (Spool spool = new Spool(spoolFile); RejectedRecords rejected = new RejectedRecords(request.workDir())) {
            differ.run(request.session(), state.latestSql(), new Differ.Sink() {
                @Override
                public void change(Change change) {
                    spool.add(change);
                }

                @Override
                public void invalid(String key, Map<String, String> properties, String reason) {
                    rejected.add(key, properties, reason);
                }
            });
            invalid = rejected.count();
            changes = spool.size();
            progress.accept(settings.exposure() + ": " + total + " records in " + request.model().displayName() + ", " + changes
                    + " new or changed since the last sync" + (invalid > 0 ? ", " + invalid + " not sendable" : ""));
            if (changes > 0 && settings.createProperties()) {
                createMissingProperties(settings, client, types, progress);
            }
            BatchSender sender = new BatchSender(settings, client, state, rejected, progress, changes);
            try (sender) {
                spool.forEach(sender::add);
                sender.finish();
            }
            state.compact();
            long unchanged = total - changes - invalid;
            String message = sender.created() + " created, " + sender.updated() + " updated, " + unchanged + " unchanged"
                    + (rejected.count() > 0 ? ", " + rejected.count() + " rejected (" + rejected.file() + ")" : "")
                    + " in " + client.requests() + " requests" + (client.rateLimited() > 0 ? " (" + client.rateLimited() + " rate limited)" : "");
            progress.accept(settings.exposure() + ": " + message);
            return new SyncOutcome(total, sender.created(), sender.updated(), unchanged, rejected.count(), message);
        }
    }

    /** The model's type of every column the sync reads; a missing column is an error naming the key. */
    private static Map<String, String> columnTypes(HubSpotSettings settings, RelationInfo info) {
        Map<String, String> byLower = new LinkedHashMap<>();
        info.columns().forEach(c -> byLower.put(c.name().toLowerCase(Locale.ROOT), c.type()));
        List<String> problems = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        if (!byLower.containsKey(settings.matchColumn().toLowerCase(Locale.ROOT))) {
            problems.add("match.column '" + settings.matchColumn() + "'");
        }
        settings.properties().forEach((prop, col) -> {
            String t = byLower.get(col.toLowerCase(Locale.ROOT));
            if (t == null) {
                problems.add("properties." + prop + " ('" + col + "')");
            } else {
                types.put(prop, t);
            }
        });
        if (!problems.isEmpty()) {
            throw new KilnException(ErrorCode.PROJECT_INVALID, "The sync: block of exposure '" + settings.exposure() + "' names columns that "
                    + info.relation().displayName() + " does not have: " + String.join(", ", problems) + ". Its columns are: "
                    + String.join(", ", info.columns().stream().map(RelationInfo.Column::name).toList()) + ".");
        }
        return types;
    }

    private static void createMissingProperties(HubSpotSettings settings, HubSpotClient client, Map<String, String> types,
                                                Consumer<String> progress) {
        Set<String> existing = client.propertyNames();
        for (String prop : settings.properties().keySet()) {
            if (!existing.contains(prop)) {
                PropertyType type = PropertyType.of(types.get(prop));
                client.createProperty(prop, type);
                progress.accept(settings.exposure() + ": created the HubSpot property " + settings.object() + "." + prop + " (" + type.type() + ")");
            }
        }
    }

    /** Works out the diff without sending anything or touching the state, and writes it to {@code dry-run.json}. */
    private static SyncOutcome dryRun(SyncRequest request, HubSpotSettings settings, SyncState state, Differ differ, long total) {
        long[] counts = new long[3];
        ObjectNode doc = HubSpotClient.JSON.createObjectNode();
        ArrayNode rows = HubSpotClient.JSON.createArrayNode();
        ArrayNode invalidRows = HubSpotClient.JSON.createArrayNode();
        differ.run(request.session(), state.latestSql(), new Differ.Sink() {
            @Override
            public void change(Change c) {
                counts[c.isNew() ? 0 : 1]++;
                if (rows.size() < DRY_RUN_ROWS) {
                    ObjectNode row = rows.addObject();
                    row.put("change", c.isNew() ? "new" : "changed");
                    row.put(settings.matchProperty(), c.key());
                    ObjectNode props = row.putObject("properties");
                    c.properties().forEach(props::put);
                }
            }

            @Override
            public void invalid(String key, Map<String, String> properties, String reason) {
                counts[2]++;
                if (invalidRows.size() < DRY_RUN_ROWS) {
                    ObjectNode row = invalidRows.addObject();
                    row.put("key", key);
                    row.put("reason", reason);
                }
            }
        });
        long unchanged = total - counts[0] - counts[1] - counts[2];
        doc.put("exposure", settings.exposure());
        doc.put("object", settings.object());
        doc.put("model", request.model().displayName());
        doc.put("state_table", state.table().displayName());
        doc.put("records", total);
        doc.put("new", counts[0]);
        doc.put("changed", counts[1]);
        doc.put("unchanged", unchanged);
        doc.put("not_sendable", counts[2]);
        doc.put("requests_needed", (counts[0] + counts[1] + settings.batchSize() - 1) / settings.batchSize());
        doc.set("first_rows", rows);
        doc.set("not_sendable_rows", invalidRows);
        Path file = request.workDir().resolve(DRY_RUN_FILE);
        try {
            AtomicWrite.write(file, HubSpotClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
        String message = "dry run: " + counts[0] + " new, " + counts[1] + " changed, " + unchanged + " unchanged"
                + (counts[2] > 0 ? ", " + counts[2] + " not sendable" : "") + "; nothing sent (" + file + ")";
        if (request.progress() != null) {
            request.progress().accept(settings.exposure() + ": " + message);
        }
        return new SyncOutcome(total, counts[0], counts[1], unchanged, counts[2], message);
    }
}
