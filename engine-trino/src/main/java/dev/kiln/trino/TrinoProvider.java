package dev.kiln.trino;

import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.SyntaxChecker;
import dev.kiln.trinosql.TrinoParserCheck;

import java.util.Locale;
import java.util.Optional;

/** The {@code trino} adapter: a Trino cluster over its JDBC driver (see docs/trino.md). */
public final class TrinoProvider implements AdapterProvider {

    @Override
    public String type() {
        return "trino";
    }

    /** The dialect of the target's catalog and schema; settings are not checked here. */
    @Override
    public Dialect dialect(TargetConfig target) {
        String catalog = target.string("database").or(() -> target.string("catalog")).orElse("iceberg");
        return new TrinoDialect(catalog.toLowerCase(Locale.ROOT), target.schema().orElse("default").toLowerCase(Locale.ROOT));
    }

    @Override
    public Adapter open(AdapterContext context) {
        return TrinoAdapter.open(TrinoSettings.of(context.target()));
    }

    /** Trino's own parser ({@link TrinoParserCheck}). */
    @Override
    public Optional<SyntaxChecker> syntaxChecker(TargetConfig target) {
        return Optional.of(new TrinoParserCheck());
    }

    /** The connector table properties of models, seeds and snapshots ({@link TableProperties}). */
    @Override
    public java.util.Set<String> configKeys() {
        return java.util.Set.copyOf(TableProperties.KEYS);
    }
}
