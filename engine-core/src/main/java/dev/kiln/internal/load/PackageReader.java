package dev.kiln.internal.load;

import dev.kiln.KilnPackage;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code packages:} in {@code kiln.yml}: each entry is {@code local: PATH} (a folder,
 * relative to the project) or {@code maven: GROUP:ARTIFACT:VERSION} (unpacked by
 * {@code kiln deps} into {@code kiln_packages/ARTIFACT}), with an optional {@code name:}.
 */
final class PackageReader {

    private static final Set<String> KEYS = Set.of("local", "maven", "name");

    private PackageReader() {
    }

    static List<KilnPackage> read(YNode node, Path root, YamlReader reader) {
        List<KilnPackage> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        Set<String> names = new HashSet<>();
        for (YNode item : reader.list(node, "'packages:' in kiln.yml")) {
            YNode.YMap entry = reader.map(item, "a package under 'packages:'");
            if (entry == null) {
                continue;
            }
            reader.checkKeys(entry, KEYS, "a package");
            String local = reader.string(entry, "local", "'local'");
            String maven = reader.string(entry, "maven", "'maven'");
            if ((local == null) == (maven == null)) {
                reader.error("bad-package", entry.position(), "A package needs exactly one of 'local:' or 'maven:'.",
                        "Write '- local: ../shared_macros' or '- maven: com.example:kiln-finance:1.2.0'.");
                continue;
            }
            Path dir;
            String fallback;
            if (local != null) {
                dir = root.resolve(local).normalize();
                fallback = dir.getFileName() == null ? "package" : dir.getFileName().toString();
            } else {
                String[] gav = maven.split(":");
                if (gav.length != 3 || gav[0].isBlank() || gav[1].isBlank() || gav[2].isBlank()) {
                    reader.error("bad-package", entry.keyPosition("maven"), "'" + maven
                            + "' is not groupId:artifactId:version.", "Write e.g. 'maven: com.example:kiln-finance:1.2.0'.");
                    continue;
                }
                dir = root.resolve(KilnPackage.INSTALL_DIR).resolve(gav[1]);
                fallback = gav[1];
            }
            String name = reader.string(entry, "name", "'name'");
            name = (name == null ? fallback : name).replace('-', '_');
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                reader.error("bad-package", entry.position(), "Package name '" + name
                        + "' must be letters, digits and underscores.", "Give it one with 'name: my_pkg'.");
                continue;
            }
            if (!names.add(name)) {
                reader.error("duplicate-package", entry.position(), "Two packages are named '" + name + "'.",
                        "Give one of them another 'name:'.");
                continue;
            }
            out.add(new KilnPackage(name, dir, maven, entry.position()));
        }
        return out;
    }
}
