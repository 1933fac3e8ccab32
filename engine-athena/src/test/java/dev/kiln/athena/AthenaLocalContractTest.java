package dev.kiln.athena;

import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.Session;
import dev.kiln.testkit.MaterializationContract;

import java.util.Map;
import java.util.UUID;

/**
 * The materialization contract (every incremental strategy, {@code on_schema_change}, snapshots) for
 * the Athena adapter's materializer and session, on the {@link LocalAthena} (Athena's statements run
 * on DuckDB; no network). Models are Iceberg tables ({@code table_type: iceberg}), which the
 * row-level strategies need on Athena. The whole {@code AdapterContract} runs against real Athena in
 * {@link AthenaLiveContractTest}.
 */
class AthenaLocalContractTest extends MaterializationContract {

    @Override
    protected AdapterProvider provider() {
        return new AdapterProvider() {
            @Override
            public String type() {
                return "athena";
            }

            @Override
            public Dialect dialect(TargetConfig target) {
                return new AthenaDialect("AwsDataCatalog");
            }

            @Override
            public Adapter open(AdapterContext context) {
                return new LocalAdapter(AthenaSettings.of(context.target()));
            }
        };
    }

    @Override
    protected Map<String, Object> targetSettings() {
        return Targets.prod(Map.of("schema", "contract")).settings();
    }

    @Override
    protected Map<String, Object> modelConfig() {
        return Map.of("table_type", "iceberg");
    }

    /** The Athena adapter's dialect, materializer and sessions over one {@link LocalAthena}. */
    private static final class LocalAdapter implements Adapter {
        private final AthenaSettings settings;
        private final LocalAthena athena = new LocalAthena();
        private final AthenaDialect dialect = new AthenaDialect("AwsDataCatalog");
        private final AthenaMaterializer materializer = new AthenaMaterializer(dialect, UUID::randomUUID);

        LocalAdapter(AthenaSettings settings) {
            this.settings = settings;
        }

        @Override
        public Dialect dialect() {
            return dialect;
        }

        @Override
        public Session openSession() {
            return new AthenaSession(athena, athena, athena, settings);
        }

        @Override
        public Materializer materializer() {
            return materializer;
        }

        @Override
        public void close() {
            athena.shutdown();
        }
    }
}
