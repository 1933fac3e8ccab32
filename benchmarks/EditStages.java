import dev.kiln.cli.KilnCli;
import dev.kiln.cli.Style;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages of the edit-compile loop in one long-lived JVM, as in the compiler daemon:
 * {@code kiln --debug parse} of PROJECT in this process, after appending a comment to MODEL_FILE,
 * WARMUP times untimed, then RUNS times; prints each stage's median and best (from the
 * {@code --debug} lines), the request's wall and the process's CPU time per request.
 * Run by {@code benchmarks/edit-stages.sh}.
 */
public final class EditStages {

    private static final Pattern STAGE = Pattern.compile("^debug: (.+?) took (\\d+) ms");
    private static final Pattern DETAIL = Pattern.compile("partial parse: (.+?) in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        Path model = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        PrintStream realErr = System.err;
        Map<String, List<Long>> stages = new LinkedHashMap<>();
        List<Long> walls = new ArrayList<>();
        List<Long> cpus = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < warmup + runs; i++) {
            Files.writeString(model, "-- edit " + i + " " + System.nanoTime() + "\n", StandardOpenOption.APPEND);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setErr(err);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            int code;
            PrintStream realOut = System.out;
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            try {
                code = KilnCli.run(Style.PLAIN, "--project-dir", project.toString(), "--debug", "parse");
            } finally {
                System.setOut(realOut);
                System.setErr(realErr);
            }
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            String log = captured.toString(StandardCharsets.UTF_8);
            if (code != 0) {
                realErr.println(log);
                throw new IllegalStateException("kiln parse exited with " + code);
            }
            if (i < warmup) {
                continue;
            }
            walls.add(wall / 1_000_000);
            cpus.add(cpu / 1_000_000);
            for (String line : log.split("\n")) {
                Matcher m = STAGE.matcher(line);
                if (m.find()) {
                    stages.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
                }
                m = DETAIL.matcher(line);
                if (m.find()) {
                    stages.computeIfAbsent("  " + m.group(1).replaceAll("\\d+ ", "N "), k -> new ArrayList<>())
                            .add(Long.parseLong(m.group(2)));
                }
            }
        }
        stages.forEach((stage, ms) -> System.out.println(line(stage, ms)));
        System.out.println(line("request (wall)", walls));
        System.out.println(line("request (process CPU)", cpus));
    }

    private static String line(String label, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        return String.format("%-44s median %5d ms   best %5d ms   (%d runs)", label, sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.size());
    }
}
