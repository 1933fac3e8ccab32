package dev.kiln.duckdb;

import dev.kiln.spi.AdapterProvider;
import dev.kiln.testkit.AdapterContract;

import java.util.Map;

/** The DuckDB adapter against the shared adapter contract, on a database file. */
class DuckDbContractTest extends AdapterContract {

    @Override
    protected AdapterProvider provider() {
        return new DuckDbProvider();
    }

    @Override
    protected Map<String, Object> targetSettings() {
        return Map.of("path", "target/contract.duckdb");
    }

    @Override
    protected String slowQuery() {
        return "select count(*) from range(100000000000) a";
    }
}
