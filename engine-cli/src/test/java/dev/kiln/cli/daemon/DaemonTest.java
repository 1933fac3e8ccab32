package dev.kiln.cli.daemon;

import dev.kiln.cli.Main;
import dev.kiln.cli.Projects;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiler daemon with real processes: {@code java dev.kiln.cli.Main --daemon …} clients, the
 * daemons they start, a real Unix domain socket in a temporary directory ({@code KILN_DAEMON_DIR}).
 * What a daemon prints and writes must be what a cold {@code kiln} process prints and writes.
 */
class DaemonTest {

    @TempDir
    Path tmp;

    private Path sockets;

    @BeforeEach
    void sockets() throws IOException {
        sockets = Files.createDirectory(tmp.resolve("sockets"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    /** Ends every daemon this test started (their command lines name this test's socket directory). */
    @AfterEach
    void stopDaemons() {
        daemons().forEach(p -> {
            p.destroy();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
            p.destroyForcibly();
        });
    }

    private Stream<ProcessHandle> daemons() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), java.nio.charset.StandardCharsets.ISO_8859_1);
                return cmd.contains(DaemonClient.SERVE) && cmd.contains(sockets.toString());
            } catch (IOException | RuntimeException e) {
                return false; // gone, or not ours to read
            }
        }).toList().stream();
    }

    @Test
    void daemonOutputAndFilesEqualAColdCompileThroughEdits() throws Exception {
        Path hot = shop(tmp.resolve("hot"));
        Path cold = shop(tmp.resolve("cold"));
        List<Step> steps = List.of(
                new Step("first compile", p -> { }, List.of(), Map.of()),
                new Step("nothing changed", p -> { }, List.of(), Map.of()),
                new Step("model text edited", p -> p.file("models/marts/orders_by_day.sql",
                        "select count(*) as n from ${ref('stg_orders')}\n"), List.of(), Map.of()),
                new Step("YAML edited", p -> p.file("models/staging/schema.yml", SCHEMA.replace("tables:",
                        "description: raw orders\n    tables:")), List.of(), Map.of()),
                new Step("--vars", p -> { }, List.of("--vars", "{region: us}"), Map.of()),
                new Step("env var set in the client", p -> { }, List.of(), Map.of("SHOP_LIMIT", "7")),
                new Step("env var changed in the client", p -> { }, List.of(), Map.of("SHOP_LIMIT", "9")),
                new Step("model deleted", p -> delete(p.root().resolve("models/marts/orders_by_day.sql")), List.of(),
                        Map.of()),
                new Step("broken model", p -> p.file("models/marts/broken.sql", "select ${ref('nowhere')}\n"), List.of(),
                        Map.of()));
        for (Step step : steps) {
            step.edit().accept(new TempProject(hot));
            step.edit().accept(new TempProject(cold));
            List<String> args = new ArrayList<>(List.of("compile"));
            args.addAll(step.args());
            Result h = kiln(hot, step.env(), prepend("--daemon", args));
            Result c = kiln(cold, step.env(), prepend("--no-daemon", args));
            assertThat(h.code()).as(step.name()).isEqualTo(c.code());
            assertThat(normal(h.out())).as(step.name()).isEqualTo(normal(c.out()));
            assertThat(normal(h.err()).replaceAll("(?m)^kiln: starting the compiler daemon.*\\R", ""))
                    .as(step.name()).isEqualTo(normal(c.err()));
            assertThat(h.err()).as(step.name()).doesNotContain("running the command in this process");
            Map<String, String> hotFiles = files(hot.resolve("target"), hot);
            Map<String, String> coldFiles = files(cold.resolve("target"), cold);
            assertThat(hotFiles.keySet()).as(step.name()).isEqualTo(coldFiles.keySet());
            for (String f : coldFiles.keySet()) {
                assertThat(hotFiles.get(f)).as(step.name() + ": " + f).isEqualTo(coldFiles.get(f));
            }
        }
        assertThat(Files.readString(hot.resolve("target/compiled/shop/models/staging/stg_orders.sql")))
                .contains("limit 5"); // the last steps ran without SHOP_LIMIT in the client, though the daemon had it
        assertThat(daemons().count()).isEqualTo(1);
        // a later cold command agrees with what the daemon left
        Result later = kiln(hot, Map.of(), List.of("compile", "--select", "stg_orders"));
        Result reference = kiln(cold, Map.of(), List.of("compile", "--select", "stg_orders"));
        assertThat(normal(later.out())).isEqualTo(normal(reference.out()));
    }

    @Test
    void envVarsResolveFromTheClientNotTheDaemon() throws Exception {
        Path p = shop(tmp.resolve("env"));
        kiln(p, Map.of("SHOP_LIMIT", "3"), List.of("--daemon", "compile")); // starts the daemon with SHOP_LIMIT=3
        Result r = kiln(p, Map.of("SHOP_LIMIT", "11"), List.of("--daemon", "compile"));
        assertThat(r.code()).isZero();
        assertThat(Files.readString(p.resolve("target/compiled/shop/models/staging/stg_orders.sql"))).contains("limit 11");
        Result unset = kiln(p, Map.of(), List.of("compile"), "KILN_DAEMON", "1");
        assertThat(unset.code()).isZero();
        assertThat(Files.readString(p.resolve("target/compiled/shop/models/staging/stg_orders.sql"))).contains("limit 5");
        assertThat(daemons().count()).isEqualTo(1);
        // the env var is the client's too for the path of kiln.yml's values and for --log-format's default
        Result json = kiln(p, Map.of("KILN_LOG_FORMAT", "json"), List.of("--daemon", "ls"));
        assertThat(json.out().lines().toList()).isNotEmpty().allMatch(l -> l.startsWith("{"));
        Result text = kiln(p, Map.of(), List.of("--daemon", "ls"));
        assertThat(text.out()).contains("shop.staging.stg_orders").doesNotContain("{\"");
    }

    @Test
    void twoProjectsTwoDaemonsStopAndIdleTimeout() throws Exception {
        Path a = shop(tmp.resolve("a"));
        Path b = shop(tmp.resolve("b"));
        assertThat(kiln(a, Map.of(), List.of("--daemon", "parse")).code()).isZero();
        assertThat(kiln(b, Map.of("KILN_DAEMON_IDLE_TIMEOUT", "15s"), List.of("--daemon", "compile")).code()).isZero();
        long pb = pid(kiln(b, Map.of(), List.of("daemon", "status")).out());
        long pa = pid(kiln(a, Map.of(), List.of("daemon", "status")).out());
        assertThat(pa).isNotEqualTo(pb);
        assertThat(daemons().count()).isEqualTo(2);
        // stop: the daemon exits and its socket goes
        Result stop = kiln(a, Map.of(), List.of("daemon", "stop"));
        assertThat(stop.out()).contains("Stopped the compiler daemon of " + a.toRealPath());
        assertThat(ProcessHandle.of(pa).map(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join().isAlive()).orElse(false))
                .isFalse();
        assertThat(kiln(a, Map.of(), List.of("daemon", "status")).out()).contains("No compiler daemon runs for");
        // idle: b's daemon (15 s) goes by itself
        ProcessHandle.of(pb).ifPresent(hb -> hb.onExit().orTimeout(60, TimeUnit.SECONDS).join()); // or gone already
        assertThat(ProcessHandle.of(pb).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        try (Stream<Path> left = Files.list(sockets)) {
            assertThat(left.filter(f -> f.toString().endsWith(".sock")).toList()).isEmpty();
        }
        assertThat(Files.readString(logOf(b))).contains("stopping: idle for 15 s");
    }

    @Test
    void aKilledDaemonIsReplacedOrFallsBackToThisProcess() throws Exception {
        Path p = shop(tmp.resolve("killed"));
        for (int i = 0; i < 400; i++) { // enough work for the first compile to be caught in the middle
            new TempProject(p).file("models/marts/m_" + i + ".sql", "select " + i + " as n from ${ref('stg_orders')}\n");
        }
        Result first = kiln(p, Map.of(), List.of("--daemon", "parse"));
        assertThat(first.code()).isZero();
        long pid = pid(kiln(p, Map.of(), List.of("daemon", "status")).out());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        // killed while idle: its socket is left behind; the next client starts another daemon
        Result next = kiln(p, Map.of(), List.of("--daemon", "compile", "--no-partial-parse"));
        assertThat(next.code()).isZero();
        assertThat(next.err()).contains("starting the compiler daemon").doesNotContain("in this process");
        long second = pid(kiln(p, Map.of(), List.of("daemon", "status")).out());
        assertThat(second).isNotEqualTo(pid);
        // killed in the middle of a request: the client runs the command itself
        Process client = start(p, Map.of(), List.of("--daemon", "compile", "--no-partial-parse"));
        Path log = logOf(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(log).contains("request 2 started") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        ProcessHandle.of(second).orElseThrow().destroyForcibly();
        Result r = finish(client);
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("kiln: the compiler daemon stopped before answering")
                .contains("running the command in this process.");
        assertThat(r.out()).contains("Compiled 404 nodes");
    }

    @Test
    void ctrlCCancelsTheCommandAndAClientQueuedMeanwhileIsServedByAFreshDaemon() throws Exception {
        Path p = shop(tmp.resolve("cancel"));
        for (int i = 0; i < 400; i++) {
            new TempProject(p).file("models/marts/m_" + i + ".sql", "select " + i + " as n from ${ref('stg_orders')}\n");
        }
        // a render that never ends when the client asks for it (and does not stop when interrupted)
        new TempProject(p).file("models/marts/slow.sql", """
                <#if env_var('SHOP_SLOW', '') == '1'><#list 1..2000000000 as i><#list 1..2000000000 as j></#list></#list></#if>
                select 1 as n
                """);
        assertThat(kiln(p, Map.of(), List.of("--daemon", "parse")).code()).isZero();
        long first = pid(kiln(p, Map.of(), List.of("daemon", "status")).out());
        Process client = start(p, Map.of("SHOP_SLOW", "1"), List.of("--daemon", "compile", "--no-partial-parse"));
        Path log = logOf(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(log).contains("request 2 started") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // a second client connects while the daemon is busy: it waits in the socket's queue
        Process queued = start(p, Map.of(), List.of("--daemon", "compile"));
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!hasSocket(queued.pid()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(300); // from its socket's creation to its connection
        boolean term = ignoresSigint(client.pid()); // INT is ignored when started in the background
        Process kill = new ProcessBuilder("kill", term ? "-TERM" : "-INT", Long.toString(client.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        Result r = finish(client);
        assertThat(r.code()).isEqualTo(term ? 143 : 130);
        // the render goes on: 2 s later the daemon ends itself, as a cold process would have been
        // ended; the queued client is told so (not reset), and runs its command in a fresh daemon
        Result next = finish(queued);
        assertThat(next.code()).isZero();
        assertThat(next.out()).contains("Compiled 405 nodes");
        assertThat(next.err()).containsOnlyOnce("kiln: starting the compiler daemon").doesNotContain("in this process");
        assertThat(Files.readString(log)).contains("cancelled by the client")
                .contains("stopping: a cancelled command did not stop within 2 s")
                .contains("told 1 waiting client(s) to start another daemon");
        // the old daemon ends (it may still be exiting when the queued command is done)
        Optional<ProcessHandle> old = ProcessHandle.of(first);
        if (old.isPresent()) {
            old.get().onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(old.map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(pid(kiln(p, Map.of(), List.of("daemon", "status")).out())).isNotEqualTo(first);
    }

    /** Whether the process has a socket open (the client's connection to its daemon). */
    private static boolean hasSocket(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status). */
    private static boolean ignoresSigint(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst()
                .map(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) & 0x2) != 0).orElse(false);
    }

    @Test
    void aDaemonThatCannotStartFallsBackToThisProcess() throws Exception {
        Path p = shop(tmp.resolve("unsafe"));
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = kiln(p, Map.of(), List.of("--daemon", "compile"), "KILN_DAEMON_DIR", open.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).containsOnlyOnce("kiln: the compiler daemon cannot be started")
                .contains("can be read or entered by others");
        assertThat(r.out()).contains("Compiled 4 nodes");
        Result broken = kiln(p, Map.of("KILN_DAEMON_JAVA_OPTS", "-XX:+NoSuchJvmOption"), List.of("--daemon", "compile"));
        assertThat(broken.code()).isZero();
        assertThat(broken.err()).contains("it exited with status").contains("running the command in this process.");
        // not a project directory: the command's own error, and no daemon left behind
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Result none = kiln(empty, Map.of(), List.of("--daemon", "compile"));
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).doesNotContain("compiler daemon");
        // --no-daemon wins over KILN_DAEMON=1: no daemon, no message
        Result local = kiln(p, Map.of(), List.of("--no-daemon", "compile"), "KILN_DAEMON", "1");
        assertThat(local.code()).isZero();
        assertThat(local.err()).isEmpty();
        assertThat(daemons().count()).isZero();
    }

    @Test
    void docsGenerateInTheDaemonWritesWhatAColdRunWritesAndLeavesTheDatabaseClosed() throws Exception {
        Path hot = warehouse(tmp.resolve("docs-hot"));
        Result build = kiln(hot, Map.of(), List.of("build"));
        assertThat(build.code()).as(build.err()).isZero();
        Path cold = copy(hot, tmp.resolve("docs-cold")); // the same database and run_results.json
        Result h = kiln(hot, Map.of(), List.of("--daemon", "docs", "generate"));
        Result c = kiln(cold, Map.of(), List.of("--no-daemon", "docs", "generate"));
        assertThat(h.code()).as(h.err()).isZero();
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(h.err()).contains("kiln: starting the compiler daemon").doesNotContain("in this process");
        assertThat(docsOut(h.out(), hot)).isEqualTo(docsOut(c.out(), cold))
                .contains("Catalog: 2 nodes and 0 sources found in the warehouse");
        Map<String, String> hotFiles = files(hot.resolve("target"), hot);
        Map<String, String> coldFiles = files(cold.resolve("target"), cold);
        assertThat(hotFiles.keySet()).contains("catalog.json", "docs/index.html", "manifest.json")
                .isEqualTo(coldFiles.keySet());
        for (String f : coldFiles.keySet()) {
            assertThat(hotFiles.get(f)).as(f).isEqualTo(coldFiles.get(f));
        }
        // the daemon closed the database when the request ended: another process may open it for writing
        assertThat(daemons().count()).isEqualTo(1);
        try (Stream<Path> all = Files.walk(hot)) {
            List<Path> databases = all.filter(f -> f.toString().endsWith(".duckdb")).toList();
            assertThat(databases).isNotEmpty();
            for (Path db : databases) {
                try (java.sql.Connection conn = java.sql.DriverManager.getConnection("jdbc:duckdb:" + db);
                     java.sql.Statement st = conn.createStatement()) {
                    st.execute("create table written_while_the_daemon_runs as select 1 as x");
                }
            }
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : all.toList()) {
                if (!f.getFileName().toString().startsWith("partial_parse")) { // it names the project it was made in
                    Files.copy(f, to.resolve(from.relativize(f).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    /** What {@code docs generate} prints, its project's path and its timing made neutral. */
    private static String docsOut(String out, Path project) throws IOException {
        return out.replace(project.toRealPath().toUri().toString(), "<root>/").replace(project.toRealPath().toString(), "<root>")
                .replace(project.toString(), "<root>").replaceAll("in \\d+\\.\\d s", "in # s");
    }

    /** A DuckDB project with a seed and a table built from it. */
    private static Path warehouse(Path dir) {
        return TempProject.create(dir, "d", "duckdb")
                .file("seeds/plans.csv", "id,name\n1,free\n2,premium\n")
                .file("models/plan_names.sql", "<@config materialized=\"table\" />\nselect id, upper(name) as name from ${ref('plans')}\n")
                .root();
    }

    @Test
    void atATerminalOutsideCiTheDaemonIsTheDefault() throws Exception {
        Path p = shop(tmp.resolve("terminal"));
        // a terminal in CI, or with KILN_DAEMON=0: in this process, as a pipe is
        Result ci = finish(start(true, p, Map.of("CI", "true"), List.of("compile")));
        assertThat(ci.code()).isZero();
        assertThat(ci.out()).contains("Compiled 4 nodes").doesNotContain("compiler daemon");
        Result off = finish(start(true, p, Map.of("KILN_DAEMON", "0"), List.of("compile")));
        assertThat(off.code()).isZero();
        assertThat(off.out()).contains("Compiled 4 nodes").doesNotContain("compiler daemon");
        Result piped = kiln(p, Map.of(), List.of("compile"));
        assertThat(piped.err()).isEmpty();
        assertThat(daemons().count()).isZero();
        // a person at a terminal: the daemon, started once
        Result first = finish(start(true, p, Map.of(), List.of("compile")));
        assertThat(first.code()).isZero();
        assertThat(first.out()).containsOnlyOnce("kiln: starting the compiler daemon").contains("Compiled 4 nodes");
        Result second = finish(start(true, p, Map.of(), List.of("ls")));
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("shop.staging.stg_orders").doesNotContain("compiler daemon");
        assertThat(daemons().count()).isEqualTo(1);
        assertThat(Files.readString(logOf(p))).contains("request 2 (ls): exit 0");
    }

    @Test
    void theClientsOwnLinesAreJsonLogEventsUnderLogFormatJson() throws Exception {
        Path p = shop(tmp.resolve("json"));
        Result r = kiln(p, Map.of("KILN_DAEMON_JAVA_OPTS", "-XX:+NoSuchJvmOption"), List.of("--daemon", "--log-format", "json",
                "compile"));
        assertThat(r.code()).isZero();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.startsWith("{\"info\":{"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode starting = json.readTree(lines.get(0));
        com.fasterxml.jackson.databind.JsonNode fallback = json.readTree(lines.get(1));
        assertThat(starting.at("/info/msg").asText()).startsWith("kiln: starting the compiler daemon for ");
        assertThat(starting.at("/info/level").asText()).isEqualTo("info");
        assertThat(fallback.at("/info/msg").asText()).contains("it exited with status")
                .endsWith("running the command in this process.");
        assertThat(fallback.at("/info/level").asText()).isEqualTo("warn");
        // the shape of the engine's own events (the command's, run in this process)
        com.fasterxml.jackson.databind.JsonNode engine = json.readTree(r.out().lines().filter(l -> l.contains("Compiled 4 nodes"))
                .findFirst().orElseThrow());
        for (com.fasterxml.jackson.databind.JsonNode mine : List.of(starting, fallback)) {
            assertThat(fieldNames(mine.get("info"))).isEqualTo(fieldNames(engine.get("info")));
            assertThat(fieldNames(mine)).isEqualTo(fieldNames(engine));
            assertThat(mine.at("/info/ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(mine.at("/info/pid").isNumber()).isTrue();
        }
        // text otherwise
        Result text = kiln(p, Map.of("KILN_DAEMON_JAVA_OPTS", "-XX:+NoSuchJvmOption"), List.of("--daemon", "compile"));
        assertThat(text.err()).startsWith("kiln: starting the compiler daemon");
    }

    private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---------------------------------------------------------------------------------------------

    private static final String SCHEMA = Projects.SHOP_SCHEMA;

    /** {@link Projects#shop}, its staging model limited by an environment variable (read from the client's environment). */
    private static Path shop(Path dir) {
        return Projects.shop(dir)
                .file("models/staging/stg_orders.sql", """
                        select * from ${source('raw', 'orders')} where region = '${var('region')}'
                        limit ${env_var('SHOP_LIMIT', '5')}
                        """)
                .root();
    }

    private record Step(String name, java.util.function.Consumer<TempProject> edit, List<String> args,
                        Map<String, String> env) {
    }

    private record Result(int code, String out, String err) {
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    private Result kiln(Path cwd, Map<String, String> env, List<String> args, String... more) throws Exception {
        return finish(start(cwd, env, args, more));
    }

    private Process start(Path cwd, Map<String, String> env, List<String> args, String... more) throws IOException {
        return start(false, cwd, env, args, more);
    }

    /**
     * Starts {@code java … Main args}; with {@code terminal}, under a pseudo-terminal (util-linux's
     * {@code script}: stdin and stdout are a terminal, stdout and stderr both go to the output).
     */
    private Process start(boolean terminal, Path cwd, Map<String, String> env, List<String> args, String... more)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        // this JVM's kiln.* properties (Maven passes its -Dkiln.… to the tests) name the daemon, as they
        // do in logOf: the clients get them too
        new java.util.TreeMap<>(System.getProperties()).forEach((k, v) -> {
            if (String.valueOf(k).startsWith("kiln.")) {
                cmd.add("-D" + k + "=" + v);
            }
        });
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        List<String> command = cmd;
        if (terminal) {
            StringBuilder line = new StringBuilder();
            for (String a : cmd) {
                line.append('\'').append(a.replace("'", "'\\''")).append("' ");
            }
            command = List.of("script", "-qec", line.toString().strip(), "/dev/null");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(Files.createTempFile(tmp, "out", ".txt").toFile())
                .redirectError(Files.createTempFile(tmp, "err", ".txt").toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("KILN_") || k.equals("CI") || k.equals("SHOP_LIMIT") || k.equals("SHOP_SLOW") || k.equals("NO_COLOR"));
        e.put("KILN_DAEMON_DIR", sockets.toString());
        e.put("KILN_DAEMON_IDLE_TIMEOUT", "120s");
        e.putAll(env);
        for (int i = 0; i + 1 < more.length; i += 2) {
            e.put(more[i], more[i + 1]);
        }
        Process p = pb.start();
        outputs.put(p, new Path[] {pb.redirectOutput().file().toPath(), pb.redirectError().file().toPath()});
        return p;
    }

    private final Map<Process, Path[]> outputs = new HashMap<>();

    private Result finish(Process p) throws Exception {
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kiln did not finish in 300 s");
        }
        Path[] files = outputs.remove(p);
        return new Result(p.exitValue(), Files.readString(files[0]), Files.readString(files[1]));
    }

    private static long pid(String status) {
        Matcher m = Pattern.compile("pid (\\d+)").matcher(status);
        assertThat(m.find()).as(status).isTrue();
        return Long.parseLong(m.group(1));
    }

    private Path logOf(Path project) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv()); // the clients' (TZ, LANG, … name the daemon too)
        env.put("KILN_DAEMON_DIR", sockets.toString());
        DaemonAddress a = DaemonAddress.of(project, env);
        return a.log();
    }

    /** Timings differ from run to run. */
    private static String normal(String s) {
        return s.replaceAll("in \\d+\\.\\d+s", "in #s");
    }

    /** Every file under {@code dir} (relative path → text, the project's own path made neutral), but the cache. */
    private static Map<String, String> files(Path dir, Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        String r = root.toRealPath().toString();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(f).toString();
                if (name.startsWith("partial_parse") || name.startsWith("analysis-cache")) {
                    continue; // caches: random ids and the project's path in them (their use is what the outputs show)
                }
                byte[] bytes = Files.readAllBytes(f);
                if (name.endsWith(".duckdb") || name.endsWith(".wal")) {
                    out.put(name, "(database)");
                    continue;
                }
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace(r, "<root>").replace(root.toString(), "<root>")
                        .replaceAll("\"generated_at\" ?: ?\"[^\"]*\"", "")
                        .replaceAll("\"invocation_id\" ?: ?\"[^\"]*\"", "");
                out.put(name, text);
            }
        }
        return out;
    }

    private static void delete(Path f) {
        try {
            Files.delete(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
