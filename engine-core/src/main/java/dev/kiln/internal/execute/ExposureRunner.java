package dev.kiln.internal.execute;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Exposure;
import dev.kiln.KilnException;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Relation;
import dev.kiln.internal.load.ExposurePlugins;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.ReportOutcome;
import dev.kiln.spi.ReportRequest;
import dev.kiln.spi.ReportWriter;
import dev.kiln.spi.Session;
import dev.kiln.spi.SyncDestination;
import dev.kiln.spi.SyncOutcome;
import dev.kiln.spi.SyncRequest;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs an exposure's {@code sync:} (through the {@link SyncDestination} its {@code to:} names)
 * and {@code report:} (through the {@link ReportWriter} of its format). The scheduler starts
 * it only after what it reads was built and tested.
 */
public final class ExposureRunner {

    /** The schema sync destinations keep their state in when {@code sync.state_schema} is not set. */
    public static final String DEFAULT_STATE_SCHEMA = "kiln_state";

    /**
     * What a run of exposures needs.
     *
     * @param project     the compiled project
     * @param command     the command: {@code sync} runs only syncs, {@code report} only reports
     * @param dryRun      syncs send nothing ({@code --dry-run})
     * @param projectRoot the project directory (report paths are relative to it)
     * @param targetDir   the target directory ({@code sync/<exposure>/} is each sync's work folder)
     * @param targetName  the target's name, shown in a report's first sheet
     * @param dialect     the target's dialect
     * @param listener    receives progress lines
     */
    public record Context(CompiledProject project, Command command, boolean dryRun, Path projectRoot, Path targetDir,
                          String targetName, Dialect dialect, KilnListener listener) {
    }

    private final Context ctx;

    /** @param ctx what the run needs */
    public ExposureRunner(Context ctx) {
        this.ctx = ctx;
    }

    /** Runs the exposure of {@code node} on {@code session}; a problem is thrown as a {@link KilnException}. */
    public NodeResult run(CompiledNode node, Session session, Instant start) {
        Exposure e = ctx.project().project().exposures().get(node.uniqueId());
        if (e == null) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "No exposure " + node.uniqueId() + " in the project.");
        }
        Consumer<String> progress = line -> {
            synchronized (ctx.listener()) {
                ctx.listener().progress(node, line);
            }
        };
        List<String> messages = new ArrayList<>();
        Map<String, Object> response = new LinkedHashMap<>();
        long rows = 0;
        NodeStatus status = NodeStatus.SUCCESS;
        if (e.sync() != null && ctx.command() != Command.REPORT) {
            SyncOutcome o = sync(e, session, progress);
            response.put("records", o.records());
            response.put("created", o.created());
            response.put("updated", o.updated());
            response.put("unchanged", o.unchanged());
            response.put("rejected", o.rejected());
            response.put("dry_run", ctx.dryRun());
            rows += o.created() + o.updated();
            messages.add(o.message());
            if (o.rejected() > 0) {
                status = NodeStatus.WARN;
            }
        }
        if (e.report() != null && ctx.command() != Command.SYNC) {
            Path path = reportPath(e);
            ReportOutcome o = report(e, path, session, progress);
            response.put("path", ctx.projectRoot().relativize(path).toString().replace('\\', '/'));
            response.put("report_rows", o.rows());
            response.put("parts", o.parts());
            rows += o.rows();
            messages.add(o.message());
        }
        return new NodeResult(node.uniqueId(), status, start, Duration.between(start, Instant.now()),
                String.join("; ", messages), rows, 0, response);
    }

    private SyncOutcome sync(Exposure e, Session session, Consumer<String> progress) {
        String to = String.valueOf(e.sync().get("to"));
        SyncDestination dest = ExposurePlugins.destinations().get(to);
        if (dest == null) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Exposure '" + e.name() + "' syncs to '" + to
                    + "', but no such destination is installed (" + e.positionOf("sync.to") + ").");
        }
        String model = String.valueOf(e.sync().get("model"));
        Object stateSchema = e.sync().get("state_schema");
        Path workDir = ctx.targetDir().resolve("sync").resolve(e.name());
        try {
            Files.createDirectories(workDir);
        } catch (IOException io) {
            throw new KilnException(ErrorCode.IO, "Cannot create " + workDir + ": " + io.getMessage(), io);
        }
        SyncRequest request = new SyncRequest(e.name(), e.sync(), relation(e, model), session, ctx.dialect(),
                stateSchema == null ? DEFAULT_STATE_SCHEMA : String.valueOf(stateSchema), ctx.dryRun(), workDir, progress);
        return dest.sync(request);
    }

    private Relation relation(Exposure e, String model) {
        CompiledNode n = ctx.project().project().refable(model).flatMap(m -> ctx.project().node(m.uniqueId()))
                .orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED, "Exposure '" + e.name()
                        + "' reads model '" + model + "', which is not in the compiled project."));
        return ctx.project().deferredRelation(n.uniqueId()).orElse(n.relation());
    }

    private Path reportPath(Exposure e) {
        return ctx.projectRoot().resolve(String.valueOf(e.report().get("path"))).toAbsolutePath().normalize();
    }

    private ReportOutcome report(Exposure e, Path path, Session session, Consumer<String> progress) {
        Map<String, Object> r = e.report();
        String format = ExposurePlugins.format(r);
        ReportWriter writer = format == null ? null : ExposurePlugins.writers().get(format);
        if (writer == null) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "No report writer for format '" + format
                    + "' (exposure '" + e.name() + "', " + e.positionOf("report") + "). Add kiln-report to the class path.");
        }
        List<ReportRequest.Part> parts = parts(e, r);
        Path folder = path.getParent();
        Path temp = folder.resolve("." + path.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(folder);
            ReportOutcome outcome = writer.write(new ReportRequest(e.name(), parts, about(e, parts), session, ctx.dialect(),
                    temp, path, progress));
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            return outcome;
        } catch (IOException io) {
            throw new KilnException(ErrorCode.IO, "Cannot write report " + path + ": " + io.getMessage(), io);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the report's own outcome is what matters
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<ReportRequest.Part> parts(Exposure e, Map<String, Object> r) {
        Map<String, String> common = strings(r.get("formats"));
        List<ReportRequest.Part> parts = new ArrayList<>();
        if (r.get("model") != null) {
            parts.add(part(e, r, common));
        }
        if (r.get("sheets") instanceof List<?> sheets) {
            for (Object s : sheets) {
                parts.add(part(e, (Map<String, Object>) s, common));
            }
        }
        return parts;
    }

    private ReportRequest.Part part(Exposure e, Map<String, Object> spec, Map<String, String> common) {
        String model = String.valueOf(spec.get("model"));
        Relation rel = relation(e, model);
        StringBuilder sql = new StringBuilder("select * from ").append(ctx.dialect().render(rel));
        if (spec.get("where") != null) {
            sql.append("\nwhere ").append(spec.get("where"));
        }
        if (spec.get("order_by") != null) {
            Object o = spec.get("order_by");
            sql.append("\norder by ").append(o instanceof List<?> l
                    ? String.join(", ", l.stream().map(String::valueOf).toList()) : String.valueOf(o));
        }
        String query = spec.get("limit") instanceof Integer n ? ctx.dialect().limit(sql.toString(), n) : sql.toString();
        ReportRequest.Chart chart = null;
        if (spec.get("chart") instanceof Map<?, ?> c) {
            Object y = c.get("y");
            List<String> ys = y instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(y));
            chart = new ReportRequest.Chart(String.valueOf(c.get("type") == null ? "line" : c.get("type")),
                    String.valueOf(c.get("x")), ys, c.get("title") == null ? String.join(", ", ys) + " by " + c.get("x")
                    : String.valueOf(c.get("title")));
        }
        Map<String, String> formats = new LinkedHashMap<>(common);
        formats.putAll(strings(spec.get("formats")));
        String name = String.valueOf(spec.getOrDefault("name", model));
        return new ReportRequest.Part(name, model, rel, query, chart, formats);
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private Map<String, String> about(Exposure e, List<ReportRequest.Part> parts) {
        Map<String, String> about = new LinkedHashMap<>();
        Object title = e.report().get("title");
        about.put("Report", title != null ? String.valueOf(title) : e.label().isEmpty() ? e.name() : e.label());
        about.put("Built at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        about.put("Project", ctx.project().project().name());
        about.put("Target", ctx.targetName());
        about.put("Exposure", e.name() + " (" + e.origin().path().toString().replace('\\', '/') + ")");
        if (!e.description().isEmpty()) {
            about.put("Description", e.description());
        }
        if (!e.owner().name().isEmpty() || !e.owner().email().isEmpty()) {
            about.put("Owner", (e.owner().name() + " " + (e.owner().email().isEmpty() ? "" : "<" + e.owner().email() + ">")).strip());
        }
        for (ReportRequest.Part p : parts) {
            about.put("Sheet " + p.name(), "model " + p.model() + " (" + Dialect.ANSI.render(p.relation()) + ")");
        }
        about.put("Built by", "Kiln " + dev.kiln.Kiln.VERSION + ", after the data tests of these models passed");
        return about;
    }
}
