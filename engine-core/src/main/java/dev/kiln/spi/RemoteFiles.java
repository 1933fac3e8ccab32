package dev.kiln.spi;

import java.util.List;
import java.util.Map;

/**
 * Files behind a URI scheme ({@code s3://}) that Kiln reads a few bytes of: the header of a CSV
 * file, the footer of a Parquet file, so that column lineage knows the columns of a source whose
 * {@code external_location} is there (see {@code docs/analysis.md}). Found with
 * {@link java.util.ServiceLoader} by {@link #scheme()} (register it in
 * {@code META-INF/services/dev.kiln.spi.RemoteFiles}); the core parses the bytes, an
 * implementation only lists and reads ranges. Asked only when a command connects to the target
 * anyway, never by {@code compile}.
 */
public interface RemoteFiles {

    /** The scheme it serves, without {@code ://} ({@code s3}). */
    String scheme();

    /**
     * Opens a client.
     *
     * @param settings the target's settings (with those of its nested {@code settings:} map);
     *                 an implementation picks what it knows (a region, an endpoint, a profile)
     *                 and never prints a credential
     * @return the client; the caller closes it
     */
    Client open(Map<String, Object> settings);

    /** An open client. */
    interface Client extends AutoCloseable {

        /**
         * The files {@code location} names, in name order: one file, a glob in the last part
         * ({@code s3://bucket/raw/orders/*.parquet}) or a folder ({@code s3://bucket/raw/orders/}).
         * Empty when there is none; a failure to ask (credentials, network) is a
         * {@link dev.kiln.KilnException} saying what to check.
         */
        List<RemoteFile> list(String location);

        /**
         * Bytes of a file: {@code length} bytes from {@code offset}, or, with a negative
         * {@code offset}, its last {@code -offset} bytes (fewer when the file is shorter). One
         * ranged request.
         */
        byte[] read(RemoteFile file, long offset, int length);

        @Override
        void close();
    }

    /**
     * A file.
     *
     * @param uri  its full URI ({@code s3://bucket/raw/orders/part-0.parquet})
     * @param size its size in bytes
     */
    record RemoteFile(String uri, long size) {
    }
}
