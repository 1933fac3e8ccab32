package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.NodeResult;

/**
 * What the {@link Scheduler} hands each step to: runs one node on the calling worker thread.
 * {@link StepRunner} is the real one; a benchmark or test may drive the scheduler with another.
 */
public interface StepExecutor {

    /** Runs {@code node} and returns its result (never throws for a failure of the node itself). */
    NodeResult run(CompiledNode node);

    /** Aborts the steps that are running now, which then end as errors. */
    void cancelAll();
}
