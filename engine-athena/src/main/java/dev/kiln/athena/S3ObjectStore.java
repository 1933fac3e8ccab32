package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link ObjectStore} on Amazon S3: {@code ListObjectsV2} page by page, {@code DeleteObjects}
 * in batches of 1000, {@code PutObject}, {@code GetObject}. A file larger than the part size is
 * uploaded in parts ({@code CreateMultipartUpload}, {@code UploadPart} each streamed from its
 * slice of the file, {@code CompleteMultipartUpload}; {@code AbortMultipartUpload} when a part
 * fails), so neither the file nor a part is ever held in memory, and files above
 * {@code PutObject}'s 5 GB limit can be written.
 */
public final class S3ObjectStore implements ObjectStore {

    /** The default part size of multipart uploads: 64 MiB (files up to 640 GiB in S3's 10,000 parts). */
    public static final long DEFAULT_PART_SIZE = 64L << 20;
    /** S3's largest number of parts in one upload. */
    static final int MAX_PARTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final Retrier retrier;
    private final long partSize;

    /** @param s3 the S3 client; @param retrier how calls are retried */
    public S3ObjectStore(S3Client s3, Retrier retrier) {
        this(s3, retrier, DEFAULT_PART_SIZE);
    }

    /**
     * @param s3       the S3 client
     * @param retrier  how calls are retried
     * @param partSize files larger than this many bytes are uploaded in parts of this size
     */
    public S3ObjectStore(S3Client s3, Retrier retrier, long partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("part size " + partSize);
        }
        this.s3 = s3;
        this.retrier = retrier;
        this.partSize = partSize;
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
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read " + file + " to upload it to " + object + ": "
                    + e.getMessage(), e);
        }
        if (size <= partSize) {
            call("PutObject " + object, () -> s3.putObject(b -> b.bucket(object.bucket()).key(object.key()),
                    RequestBody.fromFile(file)));
            return;
        }
        long parts = (size + partSize - 1) / partSize;
        if (parts > MAX_PARTS) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Uploading " + object + " (" + size + " bytes) would take "
                    + parts + " parts of " + partSize + " bytes, and S3 allows " + MAX_PARTS + ". Raise the target's"
                    + " s3_upload_part_size to at least " + ((size + MAX_PARTS - 1) / MAX_PARTS) + " bytes.");
        }
        String uploadId = call("CreateMultipartUpload " + object, () -> s3.createMultipartUpload(b -> b
                .bucket(object.bucket()).key(object.key()))).uploadId();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (int n = 1; n <= parts; n++) {
                long offset = (n - 1) * partSize;
                long length = Math.min(partSize, size - offset);
                int number = n;
                UploadPartResponse r = call("UploadPart " + object + " (part " + n + " of " + parts + ")",
                        () -> s3.uploadPart(b -> b.bucket(object.bucket()).key(object.key()).uploadId(uploadId)
                                        .partNumber(number).contentLength(length),
                                RequestBody.fromContentProvider(() -> FileSlice.open(file, offset, length), length,
                                        "application/octet-stream")));
                done.add(CompletedPart.builder().partNumber(n).eTag(r.eTag()).build());
                LOG.info("Uploaded part {} of {} of {} ({} of {} bytes)", n, parts, object, offset + length, size);
            }
            call("CompleteMultipartUpload " + object, () -> s3.completeMultipartUpload(b -> b.bucket(object.bucket())
                    .key(object.key()).uploadId(uploadId).multipartUpload(m -> m.parts(done))));
        } catch (RuntimeException e) {
            try {
                call("AbortMultipartUpload " + object, () -> s3.abortMultipartUpload(b -> b.bucket(object.bucket())
                        .key(object.key()).uploadId(uploadId)));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
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
