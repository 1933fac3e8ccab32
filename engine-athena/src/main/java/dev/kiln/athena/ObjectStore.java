package dev.kiln.athena;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** The data side of Athena: objects on S3. */
public interface ObjectStore {

    /**
     * An object found by {@link #list}.
     *
     * @param uri  where it is
     * @param etag its entity tag (changes when the object is written again), without quotes
     * @param size its size in bytes
     */
    record StoredObject(S3Uri uri, String etag, long size) {
    }

    /** Deletes every object at or below a folder; returns how many were deleted. */
    long deletePrefix(S3Uri folder);

    /** Writes one object. */
    void put(S3Uri object, byte[] content);

    /** Every object whose key starts with {@code prefix}, in key order. */
    default List<StoredObject> list(S3Uri prefix) {
        throw new UnsupportedOperationException("this object store cannot list");
    }

    /** Writes one object from a local file (streamed, not read into memory). */
    default void upload(S3Uri object, Path file) {
        throw new UnsupportedOperationException("this object store cannot upload files");
    }

    /** Reads one object whole, or {@code null} when it does not exist. For small objects (manifests, state). */
    default byte[] get(S3Uri object) {
        throw new UnsupportedOperationException("this object store cannot read");
    }

    /** Opens one object for streaming; the caller closes the stream. */
    default InputStream open(S3Uri object) {
        throw new UnsupportedOperationException("this object store cannot read");
    }

    /** Deletes the given objects (absent ones are ignored). */
    default void delete(List<S3Uri> objects) {
        throw new UnsupportedOperationException("this object store cannot delete objects");
    }
}
