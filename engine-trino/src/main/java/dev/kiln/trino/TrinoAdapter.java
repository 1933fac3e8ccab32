package dev.kiln.trino;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.Session;
import io.trino.jdbc.TrinoDriver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Trino coordinator reached over its JDBC driver. Every worker thread gets its own connection;
 * the first one is opened here, so that a wrong host, port or password fails before anything runs.
 */
public final class TrinoAdapter implements Adapter {

    private static final TrinoDriver DRIVER = new TrinoDriver();

    private final TrinoSettings settings;
    private final TrinoDialect dialect;
    private final TrinoMaterializer materializer;
    private final Set<String> schemas = ConcurrentHashMap.newKeySet();

    private TrinoAdapter(TrinoSettings settings) {
        this.settings = settings;
        this.dialect = new TrinoDialect(settings.catalog(), settings.schema());
        this.materializer = new TrinoMaterializer(dialect, settings.replace());
    }

    /** Connects to the coordinator of {@code settings} (and checks that it answers). */
    public static TrinoAdapter open(TrinoSettings settings) {
        TrinoAdapter adapter = new TrinoAdapter(settings);
        try (Session s = adapter.openSession()) {
            s.query("select 1", 1);
        } catch (KilnException e) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot reach Trino at " + settings.url() + " as '"
                    + settings.user() + "': " + e.getMessage() + ". Check host, port, user and http_scheme of the target.", e);
        }
        return adapter;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Session openSession() {
        try {
            Connection c = DRIVER.connect(settings.url(), settings.properties());
            return new TrinoSession(c, dialect, schemas);
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot connect to Trino at " + settings.url() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Materializer materializer() {
        return materializer;
    }

    /** Lost connections, a restarting coordinator, lost workers, a full cluster, a concurrent Iceberg commit. */
    @Override
    public boolean isTransient(Throwable failure) {
        return Transience.isTransient(failure);
    }

    /** The settings this adapter was opened with. */
    public TrinoSettings settings() {
        return settings;
    }

    /** Connections are per session: nothing is held here. */
    @Override
    public void close() {
        // every session closes its own connection
    }
}
