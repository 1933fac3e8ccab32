package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lazy command line: {@link CommandDispatch} names the invoked subcommand only when that is
 * certain, and a command line built for it behaves exactly as the whole tree.
 */
class CommandDispatchTest {

    @TempDir
    Path dir;

    @Test
    void theSubcommandTableIsTheTreeThatTheAnnotationsDeclare() {
        Map<String, CommandLine> tree = KilnCli.create(Style.PLAIN).getSubcommands();
        Map<String, Class<?>> declared = new LinkedHashMap<>();
        tree.forEach((name, cli) -> declared.put(name, cli.getCommandSpec().userObject().getClass()));
        assertThat(declared).containsExactlyEntriesOf(KilnCommand.SUBCOMMANDS);
        assertThat(declared).containsEntry("list", LsCommand.class).containsEntry("help", HelpCommand.class);
    }

    @Test
    void theGlobalOptionTablesAreTheRootsOptions() {
        Set<String> flags = new TreeSet<>();
        Set<String> valued = new TreeSet<>();
        for (OptionSpec option : KilnCli.create(Style.PLAIN).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue; // -h/--help and -V/--version: the whole tree prints them
            }
            assertThat(option.arity().max()).as(option.longestName()).isLessThanOrEqualTo(1);
            (option.arity().max() == 0 ? flags : valued).addAll(List.of(option.names()));
        }
        assertThat(flags).containsExactlyInAnyOrderElementsOf(CommandDispatch.FLAGS);
        assertThat(valued).containsExactlyInAnyOrderElementsOf(CommandDispatch.VALUED);
    }

    @Test
    void aPlainlyNamedCommandIsFoundAfterGlobalOptions() {
        assertThat(CommandDispatch.invoked(args("compile"))).isEqualTo(CompileCommand.class);
        assertThat(CommandDispatch.invoked(args("--project-dir", "p", "--debug", "compile", "-s", "a"))).isEqualTo(CompileCommand.class);
        assertThat(CommandDispatch.invoked(args("--target=dev", "--no-daemon", "ls"))).isEqualTo(LsCommand.class);
        assertThat(CommandDispatch.invoked(args("-tdev", "list"))).isEqualTo(LsCommand.class);
        assertThat(CommandDispatch.invoked(args("-t", "dev", "--vars", "{a: 1}", "docs", "generate"))).isEqualTo(DocsCommand.class);
        assertThat(CommandDispatch.invoked(args("run-operation", "grant"))).isEqualTo(RunOperationCommand.class);
        assertThat(CommandDispatch.invoked(args("daemon", "stop"))).isEqualTo(DaemonCommand.class);
    }

    @Test
    void anythingUncertainOrHelpGetsTheWholeTree() {
        for (String[] line : List.of(args(), args("--help"), args("-h"), args("-V"), args("--version"), args("help"),
                args("help", "compile"), args("compil"), args("--bogus", "compile"), args("--", "compile"),
                args("@more-args", "compile"), args("--project-dir", "@dir", "compile"),
                args("--target", "run", "compile"), args("--target", "list", "compile"), args("--threads", "-1", "compile"),
                args("--project-dir"), args("--debug=true", "compile"), args("-hV"), args("-", "compile"),
                args("x", "compile"))) {
            assertThat(CommandDispatch.invoked(line)).as(String.join(" ", line)).isNull();
        }
    }

    @Test
    void everyCommandIsReachableAndPrintsTheSameHelpAsTheWholeTree() {
        for (String name : KilnCommand.SUBCOMMANDS.keySet()) {
            assertSame(name, "--help");
        }
        assertSame("docs", "generate", "--help");
        assertSame("dag", "airflow", "--help");
        assertSame("source", "freshness", "--help");
        assertSame("daemon", "--help");
    }

    @Test
    void errorsReadTheSameAsWithTheWholeTree() {
        String p = dir.resolve("missing").toString();
        assertSame("compile", "--bogus");
        assertSame("--threads", "abc", "compile", "--project-dir", p);
        assertSame("--project-dir", p, "compile");
        assertSame("compile", "--project-dir", p, "--log-format", "xml");
        assertSame("--log-format", "json", "--project-dir", p, "ls");
        assertSame("ls", "--select");
        assertSame("ls", "--project-dir", p, "extra");
        assertSame("docs", "genrate");
        assertSame("compile", "--version");
        assertSame("compil");
        assertSame("--target", "run", "compile", "--project-dir", p);
    }

    @Test
    void aProjectCompilesTheSameThroughTheLazyCommandLine() {
        Projects.shop(dir);
        String p = dir.toString();
        CliRun lazy = CliRun.kiln("--project-dir", p, "ls", "--output", "name");
        assertThat(lazy.exitCode()).as(lazy.toString()).isZero();
        assertThat(lazy).isEqualTo(CliRun.run(KilnCli.create(Style.PLAIN), "--project-dir", p, "ls", "--output", "name"));
        CliRun compiled = CliRun.kiln("--project-dir", p, "compile");
        assertThat(compiled.exitCode()).as(compiled.toString()).isZero();
        assertThat(compiled.out()).contains("Compiled");
    }

    /** Runs {@code line} on the lazy command line and on the whole tree: same exit code, same output. */
    private static void assertSame(String... line) {
        CommandLine lazy = KilnCli.create(Style.PLAIN, line);
        if (CommandDispatch.invoked(line) != null) {
            assertThat(lazy.getSubcommands().values().stream().map(c -> c.getCommandSpec().userObject().getClass()).distinct())
                    .as(String.join(" ", line)).hasSize(1);
        }
        CliRun one = CliRun.run(lazy, line);
        CliRun all = CliRun.run(KilnCli.create(Style.PLAIN), line);
        assertThat(stable(one)).as(String.join(" ", line)).isEqualTo(stable(all));
        assertThat(one.out() + one.err()).as(String.join(" ", line)).isNotBlank();
    }

    /** The run with the fields that differ between any two runs (JSON logs' invocation id and time) blanked. */
    private static String stable(CliRun run) {
        return run.toString().replaceAll("\"(invocation_id|ts)\":\"[^\"]*\"", "\"$1\":\"\"");
    }

    private static String[] args(String... args) {
        return args;
    }
}
