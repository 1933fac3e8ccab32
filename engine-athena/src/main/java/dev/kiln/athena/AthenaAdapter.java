package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.DataCatalog;
import software.amazon.awssdk.services.athena.model.DataCatalogType;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;

/**
 * An open Athena target: one Athena, Glue and S3 client each (thread-safe, shared by every
 * session over one HTTP connection pool). Sessions run statements through the Athena API, or
 * through the official JDBC driver when it is on the class path (see {@link ExecutionPath}).
 */
public final class AthenaAdapter implements Adapter {

    private static final Logger LOG = LoggerFactory.getLogger(AthenaAdapter.class);

    private final AthenaSettings settings;
    private final AthenaClient athena;
    private final GlueClient glue;
    private final S3Client s3;
    private final SdkHttpClient ownedHttp;
    private final Retrier retrier;
    private final AthenaDialect dialect;
    private final AthenaMaterializer materializer;
    private final ExecutionPath path;
    private final JdbcQueryEngine.ConnectionSource jdbc;
    private final String glueCatalogId;

    private AthenaAdapter(AthenaSettings settings, AwsSetup setup, ExecutionPath path, JdbcQueryEngine.ConnectionSource jdbc) {
        this.settings = settings;
        this.retrier = new Retrier(Backoff.standard(settings.numRetries()), setup.sleeper());
        this.ownedHttp = setup.httpClient() == null
                ? Apache5HttpClient.builder().maxConnections(Math.max(50, settings.threads() * 4)).build() : null;
        SdkHttpClient http = setup.httpClient() != null ? setup.httpClient() : ownedHttp;
        AwsCredentialsProvider credentials = setup.credentials() != null ? setup.credentials()
                : settings.profile() != null ? ProfileCredentialsProvider.create(settings.profile())
                : DefaultCredentialsProvider.builder().build();
        this.athena = configure(AthenaClient.builder(), settings, http, credentials, setup).build();
        this.glue = configure(GlueClient.builder(), settings, http, credentials, setup).build();
        this.s3 = configure(S3Client.builder(), settings, http, credentials, setup)
                .forcePathStyle(setup.endpoint() != null)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.dialect = new AthenaDialect(settings.catalog());
        this.materializer = new AthenaMaterializer(dialect, setup.uuids());
        this.path = path;
        this.jdbc = jdbc;
        this.glueCatalogId = settings.defaultCatalog() ? null : glueCatalogId(settings);
    }

    /**
     * Opens a target. The execution path is chosen now: {@code execution: auto} takes the JDBC
     * driver when {@value ExecutionPath#DRIVER_CLASS} is on the class path.
     */
    public static AthenaAdapter open(AthenaSettings settings, AwsSetup setup) {
        ExecutionPath path;
        try {
            path = settings.execution().resolve(ExecutionPath.driverPresent(AthenaAdapter.class.getClassLoader()));
        } catch (IllegalStateException e) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Target '" + settings.targetName() + "' has execution: jdbc, but "
                    + e.getMessage() + ". Put the Athena JDBC 3.x driver jar on the class path, or set execution: api.");
        }
        return open(settings, setup, path, JdbcQueryEngine.athenaDriver(settings));
    }

    /** Opens a target on a given execution path ({@link ExecutionPath#API} or {@link ExecutionPath#JDBC}). */
    public static AthenaAdapter open(AthenaSettings settings, AwsSetup setup, ExecutionPath path,
                                     JdbcQueryEngine.ConnectionSource jdbc) {
        try {
            return new AthenaAdapter(settings, setup, path, jdbc);
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot connect to Athena for target '"
                    + settings.targetName() + "' in " + settings.region() + ": " + e.getMessage(), e);
        }
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            AthenaSettings settings, SdkHttpClient http, AwsCredentialsProvider credentials, AwsSetup setup) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(60)));
        if (setup.endpoint() != null) {
            builder.endpointOverride(setup.endpoint());
        }
        return builder;
    }

    private String glueCatalogId(AthenaSettings s) {
        DataCatalog c;
        try {
            c = retrier.call("athena:GetDataCatalog", () -> athena.getDataCatalog(b -> b.name(s.catalog()))).dataCatalog();
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Target '" + s.targetName() + "' names database '"
                    + s.catalog() + "', which Athena cannot find: " + e.getMessage()
                    + ". Use the name of an Athena data catalog (AwsDataCatalog by default).", e);
        }
        if (c.type() != DataCatalogType.GLUE) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Target '" + s.targetName() + "' names database '"
                    + s.catalog() + "', a " + c.typeAsString() + " catalog; Kiln writes only to Glue catalogs.");
        }
        return c.parameters().get("catalog-id");
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Session openSession() {
        QueryEngine engine = path == ExecutionPath.JDBC ? new JdbcQueryEngine(jdbc)
                : new ApiQueryEngine(athena, settings, retrier);
        LOG.debug("Athena session for target '{}' through {}", settings.targetName(), path.configName());
        return new AthenaSession(engine, new GlueCatalog(glue, glueCatalogId, retrier),
                new S3ObjectStore(s3, retrier, settings.uploadPartSize()), settings);
    }

    /**
     * Loads land as Parquet on S3 with a Glue table ({@code append}, {@code replace}) or in an
     * Iceberg table ({@code merge}); see {@link AthenaLoadSink}.
     */
    @Override
    public java.util.Optional<dev.kiln.spi.LoadSink> loadSink(Session session, dev.kiln.spi.LoadTarget target) {
        return java.util.Optional.of(AthenaLoadSink.open((AthenaSession) session, dialect, target));
    }

    @Override
    public Materializer materializer() {
        return materializer;
    }

    /** The settings this target was opened with. */
    public AthenaSettings settings() {
        return settings;
    }

    /** How this adapter's sessions run statements ({@link ExecutionPath#API} or {@link ExecutionPath#JDBC}). */
    public ExecutionPath executionPath() {
        return path;
    }

    /** Throttling, AWS server and network errors, and capacity failures of a query ({@link Transience}). */
    @Override
    public boolean isTransient(Throwable failure) {
        return Transience.isTransient(failure);
    }

    @Override
    public void close() {
        athena.close();
        glue.close();
        s3.close();
        if (ownedHttp != null) {
            ownedHttp.close();
        }
    }
}
