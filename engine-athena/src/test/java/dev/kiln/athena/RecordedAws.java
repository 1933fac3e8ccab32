package dev.kiln.athena;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An {@link SdkHttpClient} that answers Athena, Glue and S3 calls with recorded responses, and
 * records the requests. Athena and Glue operations are keyed by their {@code X-Amz-Target}
 * operation ({@code StartQueryExecution}, {@code GetTable}); S3 by {@code ListObjectsV2},
 * {@code DeleteObjects}, {@code PutObject}, {@code CreateMultipartUpload}, {@code UploadPart},
 * {@code CompleteMultipartUpload}, {@code AbortMultipartUpload}. Responses for a key are served in order; the last
 * one repeats. Nothing leaves the process.
 */
final class RecordedAws implements SdkHttpClient {

    /** A request as the SDK sent it. */
    record Call(String operation, String method, String uri, Map<String, List<String>> headers, String body, byte[] bytes) {
    }

    /** A response to serve, with extra headers (e.g. an {@code ETag}). */
    record Reply(int status, String body, Map<String, String> headers) {
        Reply(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private final Map<String, Deque<Function<Call, Reply>>> replies = new ConcurrentHashMap<>();
    private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Duration> sleeps = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Serves {@code json} (status 200) for the next call of {@code operation}. */
    RecordedAws on(String operation, String json) {
        return on(operation, 200, json);
    }

    /** Serves a response with {@code status} for the next call of {@code operation}. */
    RecordedAws on(String operation, int status, String body) {
        return on(operation, c -> new Reply(status, body));
    }

    /** Serves what {@code reply} computes for the next call of {@code operation}. */
    RecordedAws on(String operation, Function<Call, Reply> reply) {
        replies.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(reply);
        return this;
    }

    /** An Athena or Glue error response. */
    static String error(String type, String message) {
        return "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
    }

    /** Every call so far. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls of one operation. */
    List<Call> calls(String operation) {
        return calls().stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The operations called, in order. */
    List<String> operations() {
        return calls().stream().map(Call::operation).toList();
    }

    /** A setup that uses this client, fixed credentials, recorded sleeps and counted UUIDs. */
    AwsSetup setup() {
        AtomicInteger n = new AtomicInteger();
        return new AwsSetup(this, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")),
                null, sleeps::add, () -> new UUID(0, n.incrementAndGet()));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return serve(request);
            }

            @Override
            public void abort() {
            }
        };
    }

    private HttpExecuteResponse serve(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        byte[] bytes = request.contentStreamProvider().map(p -> {
            try (InputStream in = p.newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
        String body = new String(bytes, StandardCharsets.UTF_8);
        Call call = new Call(operation(http), http.method().name(), http.getUri().toString(), http.headers(), body, bytes);
        calls.add(call);
        Deque<Function<Call, Reply>> queue = replies.get(call.operation());
        if (queue == null || queue.isEmpty()) {
            throw new AssertionError("No recorded response for " + call.operation() + " " + call.uri() + " " + body);
        }
        Function<Call, Reply> next = queue.size() > 1 ? queue.poll() : queue.peek();
        Reply reply = next.apply(call);
        boolean xml = call.operation().startsWith("s3:");
        SdkHttpResponse response = SdkHttpResponse.builder().statusCode(reply.status())
                .putHeader("Content-Type", xml ? "application/xml" : "application/x-amz-json-1.1")
                .putHeader("x-amzn-RequestId", "req-" + calls.size())
                .putHeader("Content-Length", String.valueOf(reply.body().getBytes(StandardCharsets.UTF_8).length))
                .applyMutation(b -> reply.headers().forEach(b::putHeader))
                .build();
        return HttpExecuteResponse.builder().response(response)
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    private static String operation(SdkHttpRequest http) {
        var target = http.firstMatchingHeader("X-Amz-Target");
        if (target.isPresent()) {
            String t = target.get();
            return t.substring(t.indexOf('.') + 1);
        }
        String query = http.getUri().getRawQuery() == null ? "" : http.getUri().getRawQuery();
        if (query.contains("uploadId=")) {
            return "s3:" + switch (http.method()) {
                case PUT -> "UploadPart";
                case POST -> "CompleteMultipartUpload";
                case DELETE -> "AbortMultipartUpload";
                default -> "ListParts";
            };
        }
        if (query.contains("uploads")) {
            return "s3:CreateMultipartUpload";
        }
        if (query.contains("list-type=2")) {
            return "s3:ListObjectsV2";
        }
        if (query.contains("delete")) {
            return "s3:DeleteObjects";
        }
        return "s3:" + switch (http.method()) {
            case PUT -> "PutObject";
            case GET -> "GetObject";
            case DELETE -> "DeleteObject";
            default -> http.method().name();
        };
    }

    @Override
    public void close() {
    }
}
