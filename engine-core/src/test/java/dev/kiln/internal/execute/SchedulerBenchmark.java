package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ExecutionPlan;
import dev.kiln.KilnListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Scheduler makespan on synthetic DAGs with uneven costs (not a unit test): {@code
 * SchedulerBenchmark [DAGS] [NODES] [THREADS] [UNIT_MS]}. Each node "runs" by sleeping its cost
 * ({@link SimulatedSteps}), so the real scheduler is measured without a database. Per DAG it
 * prints the wall-clock makespan under three orders — plan order (no priorities), critical path
 * from estimates (every table alike, as on a first run), critical path from the exact durations
 * (as from the previous run_results.json) — against the lower bound max(critical path, work /
 * threads).
 */
public final class SchedulerBenchmark {

    private SchedulerBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        int dags = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long unit = args.length > 3 ? Long.parseLong(args[3]) : 10;
        System.out.printf(Locale.ROOT, "%d DAGs of %d nodes, %d threads, cost unit %d ms; load average %s%n",
                dags, size, threads, unit, loadAverage());
        double[] worst = new double[3];
        double[] sum = new double[3];
        String[] names = {"plan order", "critical path, estimates", "critical path, previous run"};
        for (int d = 0; d < dags; d++) {
            Random rnd = new Random(1000 + d);
            List<CompiledNode> nodes = new ArrayList<>();
            Map<String, Long> millis = new HashMap<>();
            for (int i = 0; i < size; i++) {
                List<String> deps = new ArrayList<>();
                if (i >= 3 && rnd.nextInt(5) > 0) { // a fifth of the nodes start new branches
                    int k = 1 + rnd.nextInt(Math.min(3, i));
                    for (int j = 0; j < k; j++) {
                        String dep = "model.sim.m" + rnd.nextInt(i);
                        if (!deps.contains(dep)) {
                            deps.add(dep);
                        }
                    }
                }
                nodes.add(SimulatedSteps.model("m" + i, deps));
                // uneven: most steps 1–4 units, one in eight 10–40 units
                long cost = (rnd.nextInt(8) == 0 ? 10 + rnd.nextInt(31) : 1 + rnd.nextInt(4)) * unit;
                millis.put("model.sim.m" + i, cost);
            }
            ExecutionPlan plan = SimulatedSteps.plan(nodes);
            Map<String, Double> seconds = new HashMap<>();
            millis.forEach((k, v) -> seconds.put(k, v / 1000.0));
            double critical = 0;
            for (double p : CriticalPath.priorities(plan, n -> millis.get(n.uniqueId()) / 1000.0)) {
                critical = Math.max(critical, p);
            }
            double work = millis.values().stream().mapToLong(Long::longValue).sum() / 1000.0;
            double bound = Math.max(critical, work / threads);
            Map<String, Double> zero = new HashMap<>();
            millis.keySet().forEach(k -> zero.put(k, 0.0));
            StepCosts[] orders = {StepCosts.of(zero), StepCosts.estimates(), StepCosts.of(seconds)};
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "DAG %d: bound %.2f s (critical path %.2f s, work/threads %.2f s)", d, bound, critical, work / threads));
            for (int o = 0; o < orders.length; o++) {
                long t0 = System.nanoTime();
                new Scheduler(plan, new SimulatedSteps(millis), new Scheduler.Settings(threads, false, orders[o]),
                        new KilnListener() {
                        }).run();
                double makespan = (System.nanoTime() - t0) / 1e9;
                double ratio = makespan / bound;
                worst[o] = Math.max(worst[o], ratio);
                sum[o] += ratio;
                line.append(String.format(Locale.ROOT, " | %s %.2f s = %.3f×", names[o], makespan, ratio));
            }
            System.out.println(line);
        }
        for (int o = 0; o < 3; o++) {
            System.out.printf(Locale.ROOT, "%-30s makespan / bound: mean %.3f×, worst %.3f×%n", names[o], sum[o] / dags, worst[o]);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
            String[] p = s.split(" ");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
