package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link ObjectStore} on Amazon S3: {@code ListObjectsV2} page by page, {@code DeleteObjects}
 * in batches of 1000, {@code PutObject}, {@code GetObject}.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final Retrier retrier;

    /** @param s3 the S3 client; @param retrier how calls are retried */
    public S3ObjectStore(S3Client s3, Retrier retrier) {
        this.s3 = s3;
        this.retrier = retrier;
    }

    @Override
    public long deletePrefix(S3Uri folder) {
        S3Uri f = folder.asFolder();
        if (f.key().isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Refusing to delete the whole bucket " + f.bucket() + ".");
        }
        long deleted = 0;
        String token = null;
        do {
            String next = token;
            ListObjectsV2Response page = call("ListObjectsV2 " + f,
                    () -> s3.listObjectsV2(b -> b.bucket(f.bucket()).prefix(f.key()).continuationToken(next)));
            List<ObjectIdentifier> keys = page.contents().stream().map(S3Object::key)
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            for (List<ObjectIdentifier> batch : Batches.of(keys, DELETE_BATCH)) {
                DeleteObjectsResponse r = call("DeleteObjects " + f, () -> s3.deleteObjects(b -> b.bucket(f.bucket())
                        .delete(d -> d.objects(batch).quiet(true))));
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "S3 DeleteObjects failed for s3://" + f.bucket()
                            + "/" + r.errors().get(0).key() + ": " + r.errors().get(0).message());
                }
                deleted += batch.size();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return deleted;
    }

    @Override
    public void put(S3Uri object, byte[] content) {
        call("PutObject " + object, () -> s3.putObject(b -> b.bucket(object.bucket()).key(object.key()),
                RequestBody.fromBytes(content)));
    }

    @Override
    public List<StoredObject> list(S3Uri prefix) {
        List<StoredObject> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListObjectsV2Response page = call("ListObjectsV2 " + prefix,
                    () -> s3.listObjectsV2(b -> b.bucket(prefix.bucket()).prefix(prefix.key()).continuationToken(next)));
            for (S3Object o : page.contents()) {
                String etag = o.eTag() == null ? "" : o.eTag().replace("\"", "");
                out.add(new StoredObject(new S3Uri(prefix.bucket(), o.key()), etag, o.size() == null ? 0 : o.size()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    @Override
    public void upload(S3Uri object, Path file) {
        call("PutObject " + object, () -> s3.putObject(b -> b.bucket(object.bucket()).key(object.key()),
                RequestBody.fromFile(file)));
    }

    @Override
    public byte[] get(S3Uri object) {
        try {
            return retrier.call("s3:GetObject " + object,
                    () -> s3.getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.key()))).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "S3 GetObject " + object + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(S3Uri object) {
        return call("GetObject " + object, () -> s3.getObject(b -> b.bucket(object.bucket()).key(object.key())));
    }

    @Override
    public void delete(List<S3Uri> objects) {
        Map<String, List<S3Uri>> byBucket = objects.stream().collect(Collectors.groupingBy(S3Uri::bucket));
        byBucket.forEach((bucket, list) -> {
            List<ObjectIdentifier> keys = list.stream().map(u -> ObjectIdentifier.builder().key(u.key()).build()).toList();
            for (List<ObjectIdentifier> batch : Batches.of(keys, DELETE_BATCH)) {
                DeleteObjectsResponse r = call("DeleteObjects s3://" + bucket, () -> s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(d -> d.objects(batch).quiet(true))));
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "S3 DeleteObjects failed for s3://" + bucket
                            + "/" + r.errors().get(0).key() + ": " + r.errors().get(0).message());
                }
            }
        });
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return retrier.call("s3:" + what, call);
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "S3 " + what + " failed: " + e.getMessage(), e);
        }
    }
}
