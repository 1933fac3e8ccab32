package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Calls the AWS API, retrying throttling and transient failures with {@link Backoff}. The SDK's
 * own retries are turned off, so that this is the one place that decides (and logs) retries.
 */
public final class Retrier {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private static final Set<String> TRANSIENT_CODES = Set.of("ThrottlingException", "TooManyRequestsException",
            "Throttling", "ThrottledException", "SlowDown", "RequestLimitExceeded", "InternalServerException",
            "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout",
            "RequestTimeoutException", "ConcurrentModificationException");

    private final Backoff backoff;
    private final Sleeper sleeper;

    /** @param backoff how long to wait, how often; @param sleeper how to wait */
    public Retrier(Backoff backoff, Sleeper sleeper) {
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /** The backoff in use. */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Runs {@code call}, retrying it while it fails transiently. A failure that is not transient,
     * or the last one, is rethrown as it is.
     *
     * @param what the operation, for the log ({@code athena:StartQueryExecution})
     */
    public <T> T call(String what, Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (attempt >= backoff.retries() || !isTransient(e)) {
                    throw e;
                }
                Duration wait = backoff.delay(attempt);
                LOG.debug("{} failed ({}), retry {} of {} in {} ms", what, e.getMessage(), attempt + 1,
                        backoff.retries(), wait.toMillis());
                pause(wait);
            }
        }
    }

    /** Waits, turning an interrupt into a cancellation. */
    void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.CANCELLED, "Interrupted while waiting for AWS.", ie);
        }
    }

    /** Whether a failure is worth retrying: throttling, a server error, or a network error. */
    public static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            return s.isThrottlingException() || s.statusCode() >= 500 || (code != null && TRANSIENT_CODES.contains(code));
        }
        if (e instanceof SdkClientException) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IOException || t instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }
}
