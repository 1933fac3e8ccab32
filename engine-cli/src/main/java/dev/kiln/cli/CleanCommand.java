package dev.kiln.cli;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code kiln clean}: deletes the project's {@code target-path} (compiled SQL, manifests,
 * local databases), or the {@code --target-path} given. Refuses a target path outside the project. Needs only a readable
 * {@code kiln.yml}, so it works on a project whose models are broken.
 */
@Command(name = "clean", description = "Delete the project's target directory (target-path in kiln.yml).")
public final class CleanCommand extends KilnSubcommand {

    @Override
    protected int execute(Terminal terminal) throws IOException {
        Path target = ProjectTargetDir.resolve(options().projectDir(), options().targetPath());
        String shown = Terminal.display(target) + "/";
        if (!Files.exists(target)) {
            terminal.println("Nothing to clean: " + shown + " does not exist.");
            return 0;
        }
        deleteTree(target);
        terminal.println(terminal.style().green("Deleted " + shown));
        return 0;
    }

    /** Deletes a directory tree without following symbolic links (a link is deleted, not its target). */
    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
