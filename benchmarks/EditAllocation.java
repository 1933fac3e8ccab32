import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.ResourceCounts;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a one-model edit allocates in a long-lived JVM, as the compiler daemon serves
 * {@code kiln compile}, phase by phase, through the public API: the up-to-date check
 * ({@code upToDateCompile()}), the load (partial parsing's scan and reuse), the compile (render,
 * link, analysis, artifacts, cache and up-to-date record) and the graph's lists and counts as a
 * caller reads them afterwards (every id's parents and children, the {@code Found} counts).
 * After appending a comment to MODEL_FILE, WARMUP untimed times then RUNS times; prints per
 * phase the median bytes this thread allocated and the median time, and per edit the bytes
 * every live thread allocated and the process's CPU time. Run by
 * {@code benchmarks/edit-allocation.sh}.
 */
public final class EditAllocation {

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        Path model = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long me = Thread.currentThread().getId();
        Map<String, List<Long>> bytes = new LinkedHashMap<>();
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        List<Long> total = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            Files.writeString(model, "-- edit " + i + " " + System.nanoTime() + "\n", StandardOpenOption.APPEND);
            boolean timed = i >= warmup;
            long all0 = totalAllocated(threads);
            long cpu0 = os.getProcessCpuTime();
            Phase p = new Phase(threads, me);
            KilnBuilder b = Kiln.configure().projectDir(project);
            if (b.upToDateCompile().isPresent()) {
                throw new IllegalStateException("the edit was not seen");
            }
            p.end("up-to-date check", timed, bytes, millis);
            try (Kiln kiln = b.load()) {
                p.end("load (partial parse)", timed, bytes, millis);
                CompiledProject c = kiln.compile();
                p.end("compile (render, link, analyze, write, record)", timed, bytes, millis);
                int edges = 0;
                for (String id : c.graphOrder()) {
                    edges += c.parents(id).size() + c.children(id).size();
                }
                ResourceCounts.of(c).statLine();
                p.end("graph lists and counts read again (" + edges + " list entries)", timed, bytes, millis);
            }
            if (timed) {
                total.add(totalAllocated(threads) - all0);
                cpu.add(os.getProcessCpuTime() - cpu0);
            }
        }
        System.out.printf("%d edits after %d warm-up edits; per phase, this thread: median MB allocated, median ms%n", runs, warmup);
        bytes.forEach((phase, b) -> System.out.printf("  %-62s %8.1f MB %7d ms%n", phase, median(b) / 1e6,
                median(millis.get(phase))));
        System.out.printf("per edit, all live threads: median %.1f MB allocated; process CPU median %d ms%n",
                median(total) / 1e6, median(cpu) / 1_000_000);
    }

    private static long totalAllocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long b = threads.getThreadAllocatedBytes(id);
            sum += Math.max(0, b);
        }
        return sum;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** A phase's allocation and time on this thread. */
    private static final class Phase {
        private final com.sun.management.ThreadMXBean threads;
        private final long thread;
        private long bytes;
        private long nanos;

        Phase(com.sun.management.ThreadMXBean threads, long thread) {
            this.threads = threads;
            this.thread = thread;
            this.bytes = threads.getThreadAllocatedBytes(thread);
            this.nanos = System.nanoTime();
        }

        void end(String name, boolean timed, Map<String, List<Long>> bytesBy, Map<String, List<Long>> millisBy) {
            long b = threads.getThreadAllocatedBytes(thread);
            long n = System.nanoTime();
            if (timed) {
                bytesBy.computeIfAbsent(name, k -> new ArrayList<>()).add(b - bytes);
                millisBy.computeIfAbsent(name, k -> new ArrayList<>()).add((n - nanos) / 1_000_000);
            }
            bytes = threads.getThreadAllocatedBytes(thread);
            nanos = System.nanoTime();
        }
    }
}
