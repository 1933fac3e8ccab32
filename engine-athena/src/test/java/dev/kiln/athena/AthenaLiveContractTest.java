package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.testkit.AdapterContract;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Map;

/**
 * The Athena adapter against the shared adapter contract, on real Athena, Glue and S3. Skipped
 * unless the {@link Live} environment variables are set. Without AWS, the materialization part
 * of the contract (incremental strategies, on_schema_change, snapshots) runs in
 * {@link AthenaLocalContractTest}, on a local Athena whose statements run on DuckDB; and
 * {@link ApiQueryEngineTest}, {@link GlueCatalogTest}, {@link S3ObjectStoreTest} and
 * {@link AthenaMaterializerTest} cover the API calls. Each test starts from an empty Glue
 * database {@code contract}.
 */
class AthenaLiveContractTest extends AdapterContract {

    @BeforeAll
    static void requireAws() {
        Assumptions.assumeTrue(Live.enabled(), Live.HOW);
    }

    @Override
    protected AdapterProvider provider() {
        return new AthenaProvider();
    }

    @Override
    protected Map<String, Object> targetSettings() {
        return Live.settings("contract");
    }

    @Override
    protected String slowQuery() {
        return "select count(*) from unnest(sequence(1, 10000)) a(x) cross join unnest(sequence(1, 10000)) b(y)"
                + " cross join unnest(sequence(1, 10000)) c(z)";
    }

    @BeforeEach
    void emptyTheContractSchema() {
        AthenaSession s = (AthenaSession) session;
        Locations locations = new Locations(s.settings(), java.util.UUID::randomUUID);
        for (Relation r : s.relations(List.of("contract")).keySet()) {
            s.catalog().table(r).ifPresent(t -> {
                s.catalog().drop(r);
                if (locations.managed(t.location())) {
                    s.store().deletePrefix(t.location());
                }
            });
        }
    }
}
