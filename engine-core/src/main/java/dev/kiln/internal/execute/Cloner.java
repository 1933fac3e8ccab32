package dev.kiln.internal.execute;

import dev.kiln.CloneResult;
import dev.kiln.CloneResult.Action;
import dev.kiln.CloneResult.Cloned;
import dev.kiln.CloneMode;
import dev.kiln.CompiledNode;
import dev.kiln.Relation;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code kiln clone}, as dbt's: makes each selected model, seed and snapshot exist in the
 * target by pointing it at its relation in the {@code --state} run: a view that selects from
 * it, or a copy of it. A relation the target already has is left alone unless
 * {@code fullRefresh}; ephemeral models, tests and nodes the state has no relation for are skipped.
 */
public final class Cloner {

    /**
     * What cloning needs.
     *
     * @param state       the {@code --state} manifest
     * @param dialect     the target's dialect
     * @param database    the target's default database (its DuckDB catalog), or {@code null}
     * @param mode        views, tables or either
     * @param fullRefresh replace relations the target already has
     */
    public record Settings(PreviousManifest state, Dialect dialect, String database, CloneMode mode, boolean fullRefresh) {
    }

    private final Settings settings;

    /** @param settings what cloning needs */
    public Cloner(Settings settings) {
        this.settings = settings;
    }

    /**
     * Clones {@code nodes} on {@code session}, telling {@code progress} about each as it is done.
     *
     * @param nodes    the selected nodes, parents first
     * @param session  a session on the target
     * @param progress receives each node's outcome
     * @return every node's outcome
     */
    public CloneResult clone(List<CompiledNode> nodes, Session session, Consumer<Cloned> progress) {
        List<Cloned> out = new ArrayList<>();
        for (CompiledNode n : nodes) {
            if (!n.resourceType().isRefable() || n.relation() == null) {
                continue; // tests, exposures, ephemeral models: nothing to clone
            }
            Cloned c = cloneOne(n, session);
            out.add(c);
            progress.accept(c);
        }
        return new CloneResult(out);
    }

    private Cloned cloneOne(CompiledNode n, Session session) {
        Relation target = n.relation();
        Optional<Relation> recorded = settings.state().node(n.uniqueId()).map(PreviousManifest.NodeState::relation)
                .filter(r -> r != null && r.alias() != null).map(PreviousManifest.RecordedRelation::toRelation);
        if (recorded.isEmpty()) {
            return skipped(n, null, "the state's manifest has no relation for it");
        }
        Relation from = recorded.get();
        if (same(from, target)) {
            return skipped(n, from, "it is the state's relation itself");
        }
        Optional<RelationInfo> existing = session.describe(target);
        if (existing.isPresent() && !settings.fullRefresh()) {
            return skipped(n, from, "it exists in the target (--full-refresh replaces it)");
        }
        Action action = action(from, n);
        String select = "select * from " + settings.dialect().render(from);
        session.ensureSchema(target.schema());
        String create = action == Action.VIEW ? settings.dialect().createView(target, select)
                : settings.dialect().createTableAs(target, select);
        if (existing.isEmpty()) {
            session.execute(create);
        } else {
            replace(session, target, existing.get(), create);
        }
        return new Cloned(n, target, from, action, null);
    }

    /** Drops the relation and creates the clone, in one transaction where DDL is transactional. */
    private void replace(Session session, Relation target, RelationInfo existing, String create) {
        boolean tx = settings.dialect().supportsTransactionalDdl();
        if (tx) {
            session.execute("begin transaction");
        }
        try {
            session.execute(settings.dialect().dropRelation(target, existing.kind()));
            session.execute(create);
            if (tx) {
                session.execute("commit");
            }
        } catch (RuntimeException e) {
            if (tx) {
                try {
                    session.execute("rollback");
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private Action action(Relation from, CompiledNode n) {
        return switch (settings.mode()) {
            case VIEW -> Action.VIEW;
            case TABLE -> Action.TABLE;
            case AUTO -> from.database() == null || settings.database() == null
                    || from.database().equalsIgnoreCase(settings.database()) ? Action.VIEW : Action.TABLE;
        };
    }

    private boolean same(Relation a, Relation b) {
        String da = a.database() == null ? settings.database() : a.database();
        String db = b.database() == null ? settings.database() : b.database();
        return lower(da).equals(lower(db)) && lower(a.schema()).equals(lower(b.schema()))
                && lower(a.identifier()).equals(lower(b.identifier()));
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static Cloned skipped(CompiledNode n, Relation from, String reason) {
        return new Cloned(n, n.relation(), from, Action.SKIPPED, reason);
    }
}
