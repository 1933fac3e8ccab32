package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ExecutionPlan;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The execute stage: runs the steps of a plan on {@code threads} workers as soon as what they
 * wait for has succeeded. Of the steps ready to start, the one with the longest remaining path
 * to the end of the plan goes first ({@link CriticalPath}, weighted by {@link StepCosts}: the
 * durations of the previous run, else estimates), ties broken by plan order. A failure skips everything that waits on it, directly or not, and
 * lets unrelated branches finish; with fail-fast, the first failure skips every step not yet
 * started. {@link #cancel()} aborts running statements and skips the rest.
 */
public final class Scheduler {

    private final ExecutionPlan plan;
    private final StepExecutor runner;
    private final StepCosts costs;
    private final int threads;
    private final boolean failFast;
    private final KilnListener listener;
    private volatile boolean cancelled;

    /**
     * @param plan     what to run
     * @param runner   runs one step
     * @param threads  how many steps may run at once
     * @param failFast stop starting steps after the first failure
     * @param listener receives progress (called from one thread at a time)
     */
    public Scheduler(ExecutionPlan plan, StepExecutor runner, int threads, boolean failFast, KilnListener listener) {
        this(plan, runner, new Settings(threads, failFast, StepCosts.estimates()), listener);
    }

    /**
     * How a scheduler runs a plan.
     *
     * @param threads  how many steps may run at once
     * @param failFast stop starting steps after the first failure
     * @param costs    expected durations, for the order in which ready steps start
     */
    public record Settings(int threads, boolean failFast, StepCosts costs) {
    }

    /**
     * @param plan     what to run
     * @param runner   runs one step
     * @param settings threads, fail-fast and expected durations
     * @param listener receives progress (called from one thread at a time)
     */
    public Scheduler(ExecutionPlan plan, StepExecutor runner, Settings settings, KilnListener listener) {
        this.plan = plan;
        this.costs = settings.costs() == null ? StepCosts.estimates() : settings.costs();
        this.runner = runner;
        this.threads = Math.max(1, settings.threads());
        this.failFast = settings.failFast();
        this.listener = listener;
    }

    /** Runs the plan to the end (or until cancelled). */
    public RunResults run() {
        Instant start = Instant.now();
        int total = plan.size();
        synchronized (listener) {
            listener.runStarted(plan.command(), total);
        }
        Map<String, ExecutionPlan.Step> steps = new LinkedHashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (ExecutionPlan.Step s : plan.steps()) {
            steps.put(s.uniqueId(), s);
        }
        for (ExecutionPlan.Step s : plan.steps()) {
            int n = 0;
            for (String w : s.waitsFor()) {
                if (steps.containsKey(w)) {
                    dependents.computeIfAbsent(w, k -> new ArrayList<>()).add(s.uniqueId());
                    n++;
                }
            }
            pending.put(s.uniqueId(), n);
        }
        Map<String, NodeResult> results = new HashMap<>();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger workers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            // named as dbt names its threads, so run_results.json's thread_id reads the same
            Thread t = new Thread(r, "Thread-" + workers.incrementAndGet() + " (worker)");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<NodeResult> done = new ExecutorCompletionService<>(pool);
        Queue<String> ready = readyQueue();
        plan.steps().forEach(s -> {
            if (pending.get(s.uniqueId()) == 0) {
                ready.add(s.uniqueId());
            }
        });
        int running = 0;
        boolean stopStarting = false;
        try {
            while (results.size() < total) {
                while (running < threads && !ready.isEmpty() && !stopStarting && !cancelled) { // the pool's queue stays empty: this order holds
                    ExecutionPlan.Step s = steps.get(ready.poll());
                    done.submit(() -> {
                        synchronized (listener) {
                            listener.nodeStarted(s.node(), started.incrementAndGet(), total);
                        }
                        return runner.run(s.node());
                    });
                    running++;
                }
                if (running == 0) {
                    for (ExecutionPlan.Step s : plan.steps()) {
                        if (!results.containsKey(s.uniqueId())) {
                            finish(s.node(), unfinished(s, stopStarting), results, finished, total);
                        }
                    }
                    break;
                }
                NodeResult r = take(done);
                running--;
                finish(steps.get(r.uniqueId()).node(), r, results, finished, total);
                if (r.status().letsDownstreamRun()) {
                    for (String d : dependents.getOrDefault(r.uniqueId(), List.of())) {
                        if (pending.merge(d, -1, Integer::sum) == 0 && !results.containsKey(d)) {
                            ready.add(d);
                        }
                    }
                } else {
                    skipDownstream(r.uniqueId(), steps, dependents, results, finished, total);
                    stopStarting |= failFast;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<NodeResult> ordered = plan.steps().stream().map(s -> results.get(s.uniqueId())).toList();
        RunResults out = new RunResults(plan.command().cliName(), ordered, Duration.between(start, Instant.now()), cancelled);
        synchronized (listener) {
            listener.runFinished(out);
        }
        return out;
    }

    /** Ready steps, longest remaining path first, then in plan order. */
    private Queue<String> readyQueue() {
        double[] priority = CriticalPath.priorities(plan, costs::of);
        Map<String, Integer> order = new HashMap<>(plan.size() * 2);
        for (int i = 0; i < plan.size(); i++) {
            order.put(plan.steps().get(i).uniqueId(), i);
        }
        Comparator<String> first = Comparator.comparingDouble((String id) -> -priority[order.get(id)])
                .thenComparingInt(order::get);
        return new PriorityQueue<>(first);
    }

    /** A step left when nothing runs: cancelled, skipped by fail-fast, or (a planning bug) stuck. */
    private NodeResult unfinished(ExecutionPlan.Step s, boolean stopStarting) {
        if (cancelled) {
            return NodeResult.skipped(s.uniqueId(), "Cancelled");
        }
        if (stopStarting) {
            return NodeResult.skipped(s.uniqueId(), "Skipped after an earlier failure (--fail-fast)");
        }
        return new NodeResult(s.uniqueId(), dev.kiln.NodeStatus.ERROR, java.time.Instant.now(), Duration.ZERO,
                "Could not be scheduled: it waits for " + s.waitsFor() + ", which never finished (a cycle in the plan)."
                        + " Please report this.", -1, 0, java.util.Map.of());
    }

    private void skipDownstream(String failed, Map<String, ExecutionPlan.Step> steps, Map<String, List<String>> dependents,
                                Map<String, NodeResult> results, AtomicInteger finished, int total) {
        Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(failed, List.of()));
        String name = steps.get(failed).node().name();
        while (!todo.isEmpty()) {
            String d = todo.poll();
            if (!results.containsKey(d)) {
                finish(steps.get(d).node(), NodeResult.skipped(d, "Skipped: upstream '" + name + "' did not succeed"),
                        results, finished, total);
                todo.addAll(dependents.getOrDefault(d, List.of()));
            }
        }
    }

    private void finish(CompiledNode node, NodeResult r, Map<String, NodeResult> results, AtomicInteger finished, int total) {
        results.put(r.uniqueId(), r);
        synchronized (listener) {
            listener.nodeFinished(node, r, finished.incrementAndGet(), total);
        }
    }

    private NodeResult take(ExecutorCompletionService<NodeResult> done) {
        while (true) {
            try {
                Future<NodeResult> f = done.take();
                return f.get();
            } catch (InterruptedException e) {
                cancel();
            } catch (ExecutionException e) {
                throw new IllegalStateException("A worker failed unexpectedly: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Stops starting steps and aborts running statements; running steps end as errors. */
    public void cancel() {
        cancelled = true;
        runner.cancelAll();
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

}
