package dev.kiln.internal.report;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Writes what a compile leaves in the target directory: the compiled SQL tree
 * ({@link CompiledSqlWriter}) and {@code manifest.json} ({@link ManifestWriter}). The tree is
 * written on a thread of its own, started as soon as the project is linked, so that it overlaps
 * the analysis and the rendering of the manifest; and so that a model the analysis rejects
 * still has its compiled SQL on disk to look at.
 */
public final class Artifacts {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Artifacts.class);

    private final Path targetDir;
    private final String database;
    private CompiledProject started;
    private FutureTask<CompiledSqlWriter.Tree> compiledSql;
    /** The project whose tree was written last, and that tree. */
    private CompiledProject written;
    private CompiledSqlWriter.Tree writtenTree;

    /**
     * @param targetDir the target directory
     * @param database  the dialect's default database, recorded in the manifest for relations naming none
     */
    public Artifacts(Path targetDir, String database) {
        this.targetDir = targetDir;
        this.database = database;
    }

    /** Starts writing the compiled SQL of {@code project} in the background. */
    public synchronized void startCompiledSql(CompiledProject project) {
        FutureTask<CompiledSqlWriter.Tree> task = new FutureTask<>(() -> {
            long start = System.nanoTime();
            CompiledSqlWriter.Tree tree = new CompiledSqlWriter(targetDir).write(project);
            LOG.debug("compiled SQL tree: {} ms", (System.nanoTime() - start) / 1_000_000);
            return tree;
        });
        Thread writer = new Thread(task, "kiln-compiled-sql");
        writer.setDaemon(true);
        writer.start();
        started = project;
        compiledSql = task;
    }

    /**
     * Waits for the compiled SQL started last, rethrowing what writing it threw; nothing when none
     * is pending. For a compile that stops before the manifest is written.
     */
    public synchronized void finishCompiledSql() {
        FutureTask<CompiledSqlWriter.Tree> task = compiledSql;
        CompiledProject project = started;
        started = null;
        compiledSql = null;
        if (task != null) {
            written = null;
            writtenTree = await(task);
            written = project;
        }
    }

    /**
     * The compiled tree of {@code project} (for partial parsing's up-to-date record): the one its
     * last finished write gave, else computed again.
     */
    public synchronized CompiledSqlWriter.Tree tree(CompiledProject project) {
        return written == project && writtenTree != null ? writtenTree : new CompiledSqlWriter(targetDir).tree(project);
    }

    /**
     * Writes the manifest of {@code project} and its compiled SQL (unless that was started for
     * this very project), and waits for both. A failure of each is thrown, the compiled SQL's
     * suppressed in the manifest's when both fail.
     */
    public synchronized void write(CompiledProject project, AnalysisReport analysis, ManifestMetadata metadata) {
        if (started != project) {
            finishQuietly();
            startCompiledSql(project);
        }
        try {
            new ManifestWriter(targetDir, database).write(project, analysis, metadata);
        } catch (RuntimeException manifestFailed) {
            try {
                finishCompiledSql();
            } catch (RuntimeException sqlFailed) {
                manifestFailed.addSuppressed(sqlFailed);
            }
            throw manifestFailed;
        }
        long waited = System.nanoTime();
        finishCompiledSql();
        LOG.debug("compiled SQL tree: waited {} ms after the manifest", (System.nanoTime() - waited) / 1_000_000);
    }

    /** Waits for a tree that is no longer wanted (a newer one replaces it), ignoring its failure. */
    private void finishQuietly() {
        try {
            finishCompiledSql();
        } catch (RuntimeException replaced) {
            // the newer tree is written over it
        }
    }

    private static <T> T await(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the tree is still being written: wait for it all the same
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
