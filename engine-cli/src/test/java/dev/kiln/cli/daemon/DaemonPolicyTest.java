package dev.kiln.cli.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a command line goes to the compiler daemon: {@link DaemonPolicy}'s rule, and the same rule
 * in the {@code kiln} launcher (its "daemon rule" block, run by bash with pipes and under a real
 * pseudo-terminal from util-linux's {@code script}).
 */
class DaemonPolicyTest {

    /** A command line, its environment, and whether it goes to the daemon without and with a terminal. */
    private record Case(List<String> args, Map<String, String> env, boolean piped, boolean terminal) {
    }

    private static Case c(List<String> args, Map<String, String> env, boolean piped, boolean terminal) {
        return new Case(args, env, piped, terminal);
    }

    private static final Map<String, String> NONE = Map.of();

    private static final List<Case> CASES = List.of(
            // asked for: always (unless refused)
            c(List.of("--daemon", "compile"), NONE, true, true),
            c(List.of("compile", "--daemon", "-s", "x"), NONE, true, true),
            c(List.of("compile"), Map.of("KILN_DAEMON", "1"), true, true),
            c(List.of("ls"), Map.of("KILN_DAEMON", "yes"), true, true),
            c(List.of("--daemon", "compile"), Map.of("KILN_DAEMON", "false"), true, true),
            c(List.of("--daemon", "ls"), Map.of("CI", "true"), true, true),
            c(List.of("compile"), Map.of("CI", "1", "KILN_DAEMON", "On"), true, true),
            // the default: at a terminal, outside CI
            c(List.of("compile"), NONE, false, true),
            c(List.of("list", "--select", "x"), NONE, false, true),
            c(List.of("--log-format", "json", "parse"), NONE, false, true),
            c(List.of("--project-dir", "run", "compile"), NONE, false, true),
            c(List.of("compile"), Map.of("KILN_DAEMON", ""), false, true),
            c(List.of("compile"), Map.of("CI", ""), false, true),
            c(List.of("compile"), Map.of("CI", "false"), false, true),
            c(List.of("compile"), Map.of("CI", "true"), false, false),
            c(List.of("compile"), Map.of("CI", "woodpecker"), false, false),
            c(List.of("docs", "generate"), NONE, false, true),
            c(List.of("docs", "--target", "dev", "generate", "--empty-catalog"), NONE, false, true),
            c(List.of("--daemon", "docs", "generate"), Map.of("CI", "true"), true, true),
            // turned off
            c(List.of("parse"), Map.of("KILN_DAEMON", "0"), false, false),
            c(List.of("parse"), Map.of("KILN_DAEMON", "OFF"), false, false),
            c(List.of("--no-daemon", "compile"), Map.of("KILN_DAEMON", "1"), false, false),
            c(List.of("--daemon", "--no-daemon", "compile"), NONE, false, false),
            c(List.of("compile", "--debug"), NONE, false, false),
            c(List.of("compile", "--help"), Map.of("KILN_DAEMON", "1"), false, false),
            c(List.of("--vars", "help", "compile"), NONE, false, false),
            // not a daemon command
            c(List.of("run"), Map.of("KILN_DAEMON", "1"), false, false),
            c(List.of("build"), NONE, false, false),
            c(List.of("docs", "serve"), Map.of("KILN_DAEMON", "1"), false, false),
            c(List.of("docs"), NONE, false, false),
            c(List.of("docs", "--vars", "generate", "serve"), NONE, false, false),
            c(List.of("daemon", "status"), Map.of("KILN_DAEMON", "1"), false, false),
            c(List.of("-t", "compile", "run"), Map.of("KILN_DAEMON", "1"), false, false),
            c(List.of(), NONE, false, false));

    @Test
    void theClientsRule() {
        for (Case k : CASES) {
            String[] args = k.args().toArray(String[]::new);
            assertThat(DaemonPolicy.wanted(args, k.env(), () -> false)).as("piped: %s %s", k.args(), k.env()).isEqualTo(k.piped());
            assertThat(DaemonPolicy.wanted(args, k.env(), () -> true)).as("terminal: %s %s", k.args(), k.env()).isEqualTo(k.terminal());
        }
    }

    @Test
    void theLaunchersRuleIsTheSameWithPipesAndUnderAPseudoTerminal(@TempDir Path tmp) throws Exception {
        String launcher = Files.readString(Path.of("..", "kiln"));
        int from = launcher.indexOf("# --- daemon rule ---");
        int to = launcher.indexOf("# --- end daemon rule ---");
        assertThat(from).isPositive();
        assertThat(to).isGreaterThan(from);
        Path rule = tmp.resolve("rule.sh");
        Files.writeString(rule, launcher.substring(from, to) + "echo \"client=$client\"\n");
        for (Case k : CASES) {
            List<String> bash = new ArrayList<>(List.of("bash", rule.toString()));
            bash.addAll(k.args());
            assertThat(client(bash, k.env())).as("piped: %s %s", k.args(), k.env()).isEqualTo(k.piped());
            StringBuilder line = new StringBuilder();
            for (String a : bash) {
                line.append('\'').append(a.replace("'", "'\\''")).append("' ");
            }
            assertThat(client(List.of("script", "-qec", line.toString().strip(), "/dev/null"), k.env()))
                    .as("terminal: %s %s", k.args(), k.env()).isEqualTo(k.terminal());
        }
    }

    /** Runs the rule and reads its {@code client=} line. */
    private static boolean client(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
        pb.environment().putAll(env);
        Process p = pb.start(); // stdin: a pipe left open, never a terminal
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).as(String.join(" ", command)).containsPattern("client=[01]");
        return text.contains("client=1");
    }

    @Test
    void theClientsLinesAreJsonWhenTheLogFormatIs() {
        assertThat(DaemonPolicy.jsonLog(new String[] {"--log-format", "json", "compile"}, NONE)).isTrue();
        assertThat(DaemonPolicy.jsonLog(new String[] {"compile", "--log-format=JSON"}, NONE)).isTrue();
        assertThat(DaemonPolicy.jsonLog(new String[] {"compile"}, Map.of("KILN_LOG_FORMAT", "json"))).isTrue();
        assertThat(DaemonPolicy.jsonLog(new String[] {"compile", "--log-format", "text"}, Map.of("KILN_LOG_FORMAT", "json")))
                .isFalse();
        assertThat(DaemonPolicy.jsonLog(new String[] {"compile"}, NONE)).isFalse();
        assertThat(ClientNotes.quote("a \"b\"\\\n\u0001")).isEqualTo("\"a \\\"b\\\"\\\\\\n\\u0001\"");
    }
}
