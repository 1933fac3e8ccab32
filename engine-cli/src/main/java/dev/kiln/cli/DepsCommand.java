package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.KilnPackage;
import dev.kiln.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * {@code kiln deps}: makes the project's {@code packages:} available. A local package is
 * checked; a Maven package ({@code maven: group:artifact:version}) is taken from the local
 * Maven repository ({@code ~/.m2/repository}, fetched there with {@code mvn dependency:get}
 * when missing, so it is versioned and cached like any Maven dependency) and unpacked into
 * {@code kiln_packages/ARTIFACT/}: the JAR's {@code kiln-package/} folder if it has one, else
 * the whole JAR but {@code META-INF/}.
 */
@Command(name = "deps", description = "Fetch the packages under 'packages:' in kiln.yml (Maven ones into kiln_packages/).")
public final class DepsCommand extends KilnSubcommand {

    @Option(names = "--maven-repo", paramLabel = "DIR",
            description = "The local Maven repository (default: -Dmaven.repo.local, else ~/.m2/repository).")
    Path mavenRepo;

    @Override
    protected int execute(Terminal terminal) throws IOException {
        Path root = options().projectDir().toAbsolutePath().normalize();
        ProjectConfig config = Kiln.configure().projectDir(root).readProjectConfig();
        if (config.packages().isEmpty()) {
            terminal.println("No packages: kiln.yml has no 'packages:'.");
            return 0;
        }
        for (KilnPackage pkg : config.packages()) {
            if (pkg.maven() == null) {
                if (!Files.isDirectory(pkg.dir())) {
                    throw new KilnException(ErrorCode.PROJECT_INVALID, pkg.position() + ": package folder " + pkg.dir()
                            + " does not exist. Check the 'local:' path (relative to the project directory).");
                }
                terminal.progress("  " + pkg.name() + ": local folder " + Terminal.display(pkg.dir()));
                continue;
            }
            Path jar = jar(pkg.maven());
            if (!Files.isRegularFile(jar)) {
                terminal.progress("  " + pkg.name() + ": fetching " + pkg.maven() + " with mvn dependency:get …");
                fetch(pkg.maven());
            }
            if (!Files.isRegularFile(jar)) {
                throw new KilnException(ErrorCode.IO, pkg.position() + ": " + pkg.maven() + " is not in " + jar.getParent()
                        + " and Maven could not fetch it. Check the coordinates, or publish the package to a repository "
                        + "Maven can reach.");
            }
            int files = unpack(jar, pkg.dir());
            terminal.progress("  " + pkg.name() + ": " + pkg.maven() + " → " + Terminal.display(pkg.dir()) + " (" + files
                    + " files)");
        }
        terminal.println(terminal.style().green("Installed " + config.packages().size() + " package(s)."));
        return 0;
    }

    private Path repository() {
        if (mavenRepo != null) {
            return mavenRepo.toAbsolutePath();
        }
        String prop = System.getProperty("maven.repo.local");
        return prop != null ? Path.of(prop) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private Path jar(String gav) {
        String[] p = gav.split(":");
        return repository().resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2]).resolve(p[1] + "-" + p[2] + ".jar");
    }

    private void fetch(String gav) {
        try {
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "dependency:get", "-Dartifact=" + gav, "-Dtransitive=false",
                    "-Dmaven.repo.local=" + repository()).redirectErrorStream(true).start();
            mvn.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            mvn.waitFor();
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot run mvn to fetch " + gav + ": " + e.getMessage()
                    + ". Install Maven, or put the JAR into " + jar(gav).getParent() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.IO, "Interrupted while fetching " + gav, e);
        }
    }

    /** Unpacks the JAR into a fresh folder beside {@code dir}, then puts it in place of {@code dir}. */
    static int unpack(Path jar, Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + "-");
        int count = 0;
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            Path staging = Files.createTempDirectory(tmp, "all");
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path to = staging.resolve(e.getName()).normalize();
                if (!to.startsWith(staging)) {
                    throw new KilnException(ErrorCode.IO, jar + " holds an entry outside the package: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(zip, to);
                }
            }
            Path content = Files.isDirectory(staging.resolve("kiln-package")) ? staging.resolve("kiln-package") : staging;
            Path result = tmp.resolve("package");
            Files.move(content, result);
            deleteTree(result.resolve("META-INF"));
            try (Stream<Path> s = Files.walk(result)) {
                count = (int) s.filter(Files::isRegularFile).count();
            }
            Path old = dir.resolveSibling("." + dir.getFileName() + "-old");
            deleteTree(old);
            if (Files.exists(dir)) {
                Files.move(dir, old);
            }
            Files.move(result, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } finally {
            deleteTree(tmp);
        }
        return count;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
