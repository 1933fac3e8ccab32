package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code kiln init [NAME]}: writes a starter project ({@link StarterProject}) that
 * {@code kiln build} builds at once on DuckDB. With NAME, into a new folder NAME (written
 * beside it first, then moved into place, so a failure leaves nothing half-written); without,
 * into the project directory. Never overwrites: a non-empty NAME folder, or any starter file
 * that already exists, is an error (exit 2) and nothing is written.
 */
@Command(name = "init",
        description = "Create a starter project (DuckDB target, seeds, models, tests, README) in ./NAME, or in the "
                + "project directory when NAME is left out. Never overwrites anything.")
public final class InitCommand extends KilnSubcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The folder to create (its last part names the project).")
    Path name;

    @Override
    protected int execute(Terminal terminal) throws IOException {
        Path dir = (name == null ? options().projectDir() : name).toAbsolutePath().normalize();
        String project = StarterProject.nameOf(dir.getFileName() == null ? "project" : dir.getFileName().toString());
        Map<String, String> files = StarterProject.files(project);
        if (name != null && Files.exists(dir)) {
            if (!Files.isDirectory(dir) || !isEmpty(dir)) {
                throw new KilnException(ErrorCode.USAGE, Terminal.display(dir) + " already exists and is not empty: "
                        + "kiln init never overwrites. Choose another NAME, or run kiln init without NAME inside a new folder.");
            }
        }
        List<String> clashes = new ArrayList<>();
        files.keySet().forEach(f -> {
            if (Files.exists(dir.resolve(f))) {
                clashes.add(f);
            }
        });
        if (!clashes.isEmpty()) {
            throw new KilnException(ErrorCode.USAGE, Terminal.display(dir) + " already has " + String.join(", ", clashes)
                    + ": kiln init never overwrites, and wrote nothing. Run it in an empty folder, or give a new NAME.");
        }
        if (name != null && !Files.exists(dir)) {
            writeThenMove(dir, files);
        } else {
            write(dir, files);
        }
        terminal.println(terminal.style().green("Created project " + project + " in " + Terminal.display(dir) + "/"));
        terminal.println("");
        terminal.println("Next:");
        String cd = name == null ? "" : "cd " + Terminal.display(dir) + " && ";
        terminal.println("  " + cd + "kiln debug     # checks the project and the connection");
        terminal.println("  " + cd + "kiln build     # seeds, models and tests on DuckDB (target/dev.duckdb)");
        return 0;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Writes the files into a hidden folder beside {@code dir}, then renames it to {@code dir}. */
    private static void writeThenMove(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir.getParent());
        Path temp = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".init");
        try {
            write(temp, files);
            Files.move(temp, dir);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the original failure is what matters
        }
    }
}
