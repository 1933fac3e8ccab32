package dev.kiln.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file a {@code from: files} load reads: a local file or an S3 object. {@link #toString()}
 * is its name in messages ({@code landing/day1.jsonl}, {@code s3://bucket/landing/day1.jsonl}).
 */
interface SourceFile {

    /** What the load state records once it is loaded (a path; for S3, the URI and the ETag). */
    String id();

    /** Opens it for reading; the caller closes the stream. */
    InputStream open() throws IOException;

    /** Its size in bytes (0 when unknown). */
    long size();

    /** A local path to it, copied into {@code dir} when it is not local (for readers that need a file). */
    Path local(Path dir) throws IOException;

    /** A file on this machine. */
    record Local(Path path) implements SourceFile {
        @Override
        public String id() {
            return path.toString();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public Path local(Path dir) {
            return path;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
