package dev.kiln.athena;

import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.SyntaxChecker;
import dev.kiln.trinosql.TrinoParserCheck;

import java.util.Optional;

/**
 * The {@code athena} adapter: Amazon Athena over Hive and Iceberg tables on S3, with the Glue
 * Data Catalog as metastore. Found by {@link java.util.ServiceLoader}; embedders can pass one
 * with their own {@link AwsSetup} ({@code Kiln.configure().adapter(new AthenaProvider(setup))}).
 */
public final class AthenaProvider implements AdapterProvider {

    private final AwsSetup setup;

    /** The provider with production defaults (default credentials chain, SDK HTTP client). */
    public AthenaProvider() {
        this(AwsSetup.DEFAULT);
    }

    /** A provider that reaches AWS as {@code setup} says. */
    public AthenaProvider(AwsSetup setup) {
        this.setup = setup;
    }

    @Override
    public String type() {
        return "athena";
    }

    /** The dialect of the target's catalog ({@code database:}, default {@code AwsDataCatalog}); settings are not checked here. */
    @Override
    public Dialect dialect(TargetConfig target) {
        return new AthenaDialect(target.string("database").orElse(AthenaSettings.DEFAULT_CATALOG));
    }

    @Override
    public Adapter open(AdapterContext context) {
        return AthenaAdapter.open(AthenaSettings.of(context.target()), setup);
    }

    /** Trino's parser ({@link TrinoParserCheck}): Athena's engine is Trino. */
    @Override
    public Optional<SyntaxChecker> syntaxChecker(TargetConfig target) {
        return Optional.of(new TrinoParserCheck());
    }

    /** The model config keys of Athena tables (docs/athena.md). */
    @Override
    public java.util.Set<String> configKeys() {
        return java.util.Set.of("table_type", "external_location", "format", "write_compression", "bucketed_by",
                "bucket_count", "table_properties", "s3_data_naming", "partitions_limit");
    }
}
