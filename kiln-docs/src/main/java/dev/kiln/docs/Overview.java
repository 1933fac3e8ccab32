package dev.kiln.docs;

import dev.kiln.ProjectConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project overview the site opens on, as dbt finds it: a {@code {% docs __overview__ %}}
 * block in any {@code .md} file under the model paths; else the project's {@code README.md};
 * else nothing (the site then shows counts only).
 */
final class Overview {

    private static final Pattern BLOCK = Pattern.compile(
            "\\{%-?\\s*docs\\s+__overview__\\s*-?%}(.*?)\\{%-?\\s*enddocs\\s*-?%}", Pattern.DOTALL);

    private Overview() {
    }

    /** The overview's Markdown, or {@code ""}. */
    static String read(ProjectConfig config) {
        for (String dir : config.paths().models()) {
            Path root = config.root().resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path md : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    Matcher m = BLOCK.matcher(Files.readString(md, StandardCharsets.UTF_8));
                    if (m.find()) {
                        return m.group(1).strip();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String name : List.of("README.md", "readme.md")) {
            Path readme = config.root().resolve(name);
            if (Files.isRegularFile(readme)) {
                try {
                    return Files.readString(readme, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    return "";
                }
            }
        }
        return "";
    }
}
