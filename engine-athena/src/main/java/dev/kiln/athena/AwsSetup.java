package dev.kiln.athena;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

import java.net.URI;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How the adapter reaches AWS. The defaults are for production: the SDK's HTTP client, the
 * default credentials provider chain (or the target's {@code aws_profile_name}), real waits.
 * Embedders and tests pass their own.
 *
 * @param httpClient  the HTTP client of every AWS client, or {@code null} for the SDK's default
 * @param credentials where credentials come from, or {@code null} for the default chain
 * @param endpoint    an endpoint override for all three services (e.g. a local emulator), or {@code null}
 * @param sleeper     how the adapter waits between polls and retries
 * @param uuids       where unique S3 folder names come from
 */
public record AwsSetup(SdkHttpClient httpClient, AwsCredentialsProvider credentials, URI endpoint, Sleeper sleeper,
                       Supplier<UUID> uuids) {

    /** Production defaults. */
    public static final AwsSetup DEFAULT = new AwsSetup(null, null, null, Sleeper.REAL, UUID::randomUUID);
}
