package dev.kiln.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Watches the file a build writes last ({@code target/run_results.json}) and, when it changes,
 * refreshes the replica: new data is served a moment after each build, while the previous
 * copy answers in between. A refresh that fails (the warehouse still busy, a model missing)
 * is retried on the next poll; the previous copy stays served meanwhile.
 */
public final class BuildWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BuildWatcher.class);

    private final ServeApp app;
    private final Path watched;
    private final Duration poll;
    private final Consumer<ReplicaVersion> onRefresh;
    private final Thread thread;
    private volatile boolean stopped;
    private String seen;

    /**
     * @param app       the API to refresh
     * @param watched   the file that changes when a build ends
     * @param poll      how often to look at it
     * @param onRefresh told of each new version (for progress lines)
     */
    public BuildWatcher(ServeApp app, Path watched, Duration poll, Consumer<ReplicaVersion> onRefresh) {
        this.app = app;
        this.watched = watched;
        this.poll = poll;
        this.onRefresh = onRefresh;
        this.seen = fingerprint();
        this.thread = new Thread(this::run, "kiln-serve-watch");
        thread.setDaemon(true);
    }

    /** Starts watching. */
    public BuildWatcher start() {
        thread.start();
        return this;
    }

    private String fingerprint() {
        try {
            BasicFileAttributes a = Files.readAttributes(watched, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size();
        } catch (IOException e) {
            return "absent";
        }
    }

    private void run() {
        String failedFor = null;
        while (!stopped) {
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            String now = fingerprint();
            if (now.equals(seen) || now.equals("absent")) {
                continue;
            }
            try {
                ReplicaVersion v = app.refresh();
                seen = now;
                failedFor = null;
                Duration lag = lag(v.loadedAt());
                LOG.info("Serving data version {} ({} s to copy, {} s after the build ended)", v.number(),
                        v.loadTime().toMillis() / 1000.0, lag == null ? "?" : lag.toMillis() / 1000.0);
                onRefresh.accept(v);
            } catch (RuntimeException e) {
                if (!now.equals(failedFor)) {
                    LOG.warn("A build finished but its data cannot be copied yet ({}); still serving the previous "
                            + "copy, retrying every {} ms.", e.getMessage(), poll.toMillis());
                    failedFor = now;
                }
            }
        }
    }

    private Duration lag(Instant servedAt) {
        try {
            return Duration.between(Files.getLastModifiedTime(watched).toInstant(), servedAt);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
