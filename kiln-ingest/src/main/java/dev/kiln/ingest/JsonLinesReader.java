package dev.kiln.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads JSON lines files on a thread of its own and hands the flattened records, in batches
 * through a small bounded queue, to the caller's thread, which types and stages them: parsing
 * and staging run side by side, and memory stays bounded (a few batches). Each line is parsed
 * from its bytes with Jackson's streaming parser straight into {@link FlatRow}s. A malformed line
 * names its file and line; with {@code on_bad_record: skip} it is skipped and counted.
 */
final class JsonLinesReader {

    private static final JsonFactory JSON = new JsonFactory();
    /** Records per batch handed over. */
    private static final int BATCH = 512;
    /** Batches in flight between the reader and the stager. */
    private static final int QUEUE = 8;

    private final Settings settings;
    private final Cursor cursor;
    private final Flattener flattener;

    JsonLinesReader(Settings settings, Cursor cursor) {
        this.settings = settings;
        this.cursor = cursor;
        this.flattener = new Flattener(cursor == null ? null : cursor.column());
    }

    /** What the reading thread hands over: records, or the end (with the lines skipped), or its failure. */
    private record Batch(List<FlatRecord> records, long skipped, Throwable failure, boolean end) {
    }

    /**
     * Reads {@code files} in order, giving each record (and each record the cursor filtered out,
     * for progress) to {@code stage} on the calling thread. Returns the bad lines skipped.
     */
    long read(List<SourceFile> files, Consumer<FlatRecord> stage) {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE);
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> produce(files, queue, stop), "kiln-load-json-" + settings.table());
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Batch b = queue.take();
                if (b.records != null) {
                    for (FlatRecord r : b.records) {
                        stage.accept(r);
                    }
                }
                if (b.failure instanceof RuntimeException e) {
                    throw e;
                }
                if (b.failure instanceof Error e) {
                    throw e;
                }
                if (b.failure != null) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "Reading JSON lines for " + settings.table()
                            + " failed: " + b.failure, b.failure);
                }
                if (b.end) {
                    return b.skipped;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Interrupted while loading " + settings.table(), e);
        } finally {
            stop.set(true);
            queue.clear();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void produce(List<SourceFile> files, BlockingQueue<Batch> queue, AtomicBoolean stop) {
        try {
            List<FlatRecord> batch = new ArrayList<>(BATCH);
            for (SourceFile f : files) {
                batch = file(f, batch, queue, stop);
                if (stop.get()) {
                    return;
                }
            }
            hand(queue, new Batch(batch, skipped, null, true), stop);
        } catch (Throwable e) {
            hand(queue, new Batch(null, skipped, e, true), stop);
        }
    }

    /** Bad lines skipped so far (the reading thread's own count). */
    private long skipped;

    private static void hand(BlockingQueue<Batch> queue, Batch b, AtomicBoolean stop) {
        try {
            while (!stop.get() && !queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
                // the stager is busy; try again unless it stopped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }

    /** Reads one file into batches, handing full ones over; returns the batch being filled. */
    private List<FlatRecord> file(SourceFile f, List<FlatRecord> first, BlockingQueue<Batch> queue, AtomicBoolean stop) {
        List<FlatRecord> batch = first;
        try (InputStream raw = f.open();
             InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            Lines lines = new Lines(in);
            long no = 0;
            while (lines.next()) {
                no++;
                if (stop.get()) {
                    break;
                }
                if (lines.blank()) {
                    continue;
                }
                FlatRecord record;
                try {
                    record = record(lines);
                } catch (IOException | NotAnObject e) {
                    String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                    if (!settings.skipBad()) {
                        throw new KilnException(ErrorCode.EXECUTION_FAILED, f + ":" + no + ": malformed JSON line ("
                                + why + "), loading " + settings.table() + ". Fix the line, or set 'on_bad_record: skip'"
                                + " to skip such lines (they are counted).");
                    }
                    skipped++;
                    continue;
                }
                batch.add(record);
                if (batch.size() == BATCH) {
                    hand(queue, new Batch(batch, 0, null, false), stop);
                    batch = new ArrayList<>(BATCH);
                }
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read " + f + " (loading " + settings.table() + "): "
                    + e.getMessage(), e);
        }
        return batch;
    }

    private FlatRecord record(Lines line) throws IOException, NotAnObject {
        List<FlatRow> rows;
        try (JsonParser p = JSON.createParser(line.buf, line.start, line.length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAnObject();
            }
            rows = flattener.flatten(p);
        }
        long bytes = line.length + 1L;
        if (cursor != null) {
            Object v = flattener.cursorValue();
            if (!cursor.past(v)) {
                return FlatRecord.filtered(bytes);
            }
            cursor.offer(v);
        }
        return new FlatRecord(rows, bytes);
    }

    /** A line that holds JSON, but not an object. */
    private static final class NotAnObject extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnObject() {
            super("not a JSON object", null, false, false);
        }
    }

    /** Splits a stream into lines of bytes ({@code \n}, {@code \r\n} or {@code \r}), without decoding them. */
    private static final class Lines {
        private final InputStream in;
        private byte[] buf = new byte[1 << 16];
        private int start;
        private int length;
        private int pos;
        private int limit;
        private boolean eof;
        private boolean skipLf;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Moves to the next line; false at the end. */
        boolean next() throws IOException {
            int scan = pos;
            while (true) {
                for (int i = scan; i < limit; i++) {
                    byte b = buf[i];
                    if (skipLf && i == pos) {
                        skipLf = false;
                        if (b == '\n') {
                            pos++;
                            continue;
                        }
                    }
                    if (b == '\n' || b == '\r') {
                        start = pos;
                        length = i - pos;
                        pos = i + 1;
                        skipLf = b == '\r';
                        return true;
                    }
                }
                scan = limit;
                if (eof) {
                    if (pos < limit) {
                        start = pos;
                        length = limit - pos;
                        pos = limit;
                        return true;
                    }
                    return false;
                }
                scan -= pos;
                fill();
            }
        }

        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }

        /** Whether the line holds only whitespace. */
        boolean blank() {
            for (int i = start; i < start + length; i++) {
                byte b = buf[i];
                if (b != ' ' && b != '\t' && b != '\f' && b != 0x0B && b != 0x1C && b != 0x1D && b != 0x1E && b != 0x1F) {
                    return false;
                }
            }
            return true;
        }
    }
}
