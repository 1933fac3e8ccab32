package dev.kiln.athena;

/** The data side of Athena: objects on S3. */
public interface ObjectStore {

    /** Deletes every object at or below a folder; returns how many were deleted. */
    long deletePrefix(S3Uri folder);

    /** Writes one object. */
    void put(S3Uri object, byte[] content);
}
