package dev.kiln.trino;

import dev.kiln.Relation;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.RelationKind;
import dev.kiln.testkit.AdapterContract;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Map;

/** The Trino adapter against the shared adapter contract, on a real Trino's Iceberg catalog. */
class TrinoContractTest extends AdapterContract {

    @Override
    protected AdapterProvider provider() {
        return new TrinoProvider();
    }

    @Override
    protected Map<String, Object> targetSettings() {
        return TrinoServer.shared().target("contract");
    }

    /** Every test starts from an empty {@code contract} schema (the server is shared by the whole module). */
    @BeforeEach
    void emptySchema() {
        session.ensureSchema("contract");
        for (Map.Entry<Relation, RelationKind> e : session.relations(List.of("contract")).entrySet()) {
            session.execute(dialect.dropRelationIfExists(e.getKey(), e.getValue()));
        }
    }

    @Override
    protected String slowQuery() {
        return "select sum(a.x * b.y * c.z) from unnest(sequence(1, 10000)) a(x)"
                + " cross join unnest(sequence(1, 10000)) b(y) cross join unnest(sequence(1, 10000)) c(z)";
    }
}
