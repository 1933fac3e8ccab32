package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ExecutionPlan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The {@link Scheduler}'s priorities: for each step of a plan, the longest path from its start to
 * the end of the plan, each step on it weighted by its expected duration (its own included).
 * Starting the ready step with the longest remaining path first keeps the critical path busy,
 * so that short independent steps fill the other threads instead of delaying it.
 */
final class CriticalPath {

    private CriticalPath() {
    }

    /**
     * Priorities by index in {@code plan.steps()}: the step's cost plus the largest priority
     * among the steps that wait for it. Steps waiting on each other in a cycle (a planning bug)
     * keep their own cost.
     */
    static double[] priorities(ExecutionPlan plan, ToDoubleFunction<CompiledNode> cost) {
        List<ExecutionPlan.Step> steps = plan.steps();
        int n = steps.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(steps.get(i).uniqueId(), i);
        }
        List<List<Integer>> parents = new ArrayList<>(n);
        int[] waiting = new int[n]; // how many steps wait for step i and are not done yet
        for (int i = 0; i < n; i++) {
            List<Integer> ps = new ArrayList<>();
            for (String w : steps.get(i).waitsFor()) {
                Integer p = index.get(w);
                if (p != null) {
                    ps.add(p);
                    waiting[p]++;
                }
            }
            parents.add(ps);
        }
        double[] priority = new double[n];
        double[] longestAfter = new double[n];
        Deque<Integer> todo = new ArrayDeque<>();
        for (int i = n - 1; i >= 0; i--) {
            if (waiting[i] == 0) {
                todo.add(i);
            }
        }
        boolean[] done = new boolean[n];
        while (!todo.isEmpty()) {
            int i = todo.poll();
            done[i] = true;
            priority[i] = Math.max(0, cost.applyAsDouble(steps.get(i).node())) + longestAfter[i];
            for (int p : parents.get(i)) {
                longestAfter[p] = Math.max(longestAfter[p], priority[i]);
                if (--waiting[p] == 0) {
                    todo.add(p);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!done[i]) {
                priority[i] = Math.max(0, cost.applyAsDouble(steps.get(i).node())) + longestAfter[i];
            }
        }
        return priority;
    }
}
