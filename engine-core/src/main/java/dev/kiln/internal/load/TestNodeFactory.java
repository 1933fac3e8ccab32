package dev.kiln.internal.load;

import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.ResourceType;
import dev.kiln.TestMetadata;
import dev.kiln.internal.util.Suggest;
import dev.kiln.internal.yaml.YamlReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the data tests declared in YAML, and singular test files, into test nodes. */
final class TestNodeFactory {

    private static final int MAX_NAME = 80;

    private final String project;
    private final GenericTests generics;
    private final FolderConfig folders;
    private final YamlReader reader;
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, java.util.Optional<String>> predicates = new java.util.HashMap<>();

    TestNodeFactory(String project, GenericTests generics, FolderConfig folders, YamlReader reader) {
        this.project = project;
        this.generics = generics;
        this.folders = folders;
        this.reader = reader;
    }

    /**
     * Test nodes for the tests declared on one resource.
     *
     * @param attachedId   unique id of the resource
     * @param displayName  its name in test names ({@code stg_users}, {@code source_raw_users})
     * @param yamlFile     the file that declares the tests
     * @param folderParts  folders of the YAML file (for fqn and folder config)
     */
    List<Node> generic(String attachedId, String displayName, List<TestDecl> decls, Path yamlFile,
                       List<String> folderParts) {
        List<Node> out = new ArrayList<>();
        for (TestDecl d : decls) {
            String template = generics.template(d.testName());
            if (template == null) {
                reader.error("unknown-test", d.position(), "Unknown data test '" + d.testName() + "'.",
                        Suggest.didYouMean(d.testName(), generics.names(),
                                "Built-in tests: " + String.join(", ", GenericTests.BUILT_IN.keySet())
                                        + "; custom ones go in tests/generic/NAME.sql."));
                continue;
            }
            List<TestSignature.Problem> problems = generics.check(d.testName(), d.column(), d.kwargs());
            problems.forEach(p -> reader.error(p.code(), d.position(), p.message(), p.hint()));
            if (!problems.isEmpty()) {
                continue;
            }
            String name = uniqueName(baseName(d, displayName));
            Map<String, Object> config = ConfigKeys.merge(folders.resolve(folderParts, name), d.config());
            List<String> fqn = new ArrayList<>();
            fqn.add(project);
            fqn.addAll(folderParts);
            fqn.add(name);
            out.add(new Node("test." + project + "." + name, ResourceType.TEST, name,
                    new NodeOrigin(yamlFile, d.position(), fqn), template, new NodeConfig(config), NodeDocs.NONE,
                    new TestMetadata(d.testName(), attachedId, d.column(), d.kwargs(), predicate(d.testName()))));
        }
        return out;
    }

    /** The row-level failure condition of a generic test, if it has one (parsed once per test name). */
    private String predicate(String testName) {
        return predicates.computeIfAbsent(testName, n -> java.util.Optional.ofNullable(
                generics.template(n + ".predicate") != null ? generics.template(n + ".predicate") : generics.predicate(n)))
                .orElse(null);
    }

    /** A singular test: a query in {@code tests/} that returns failing rows. */
    Node singular(String path, String text, List<String> folderParts) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        String name = file.substring(0, file.length() - 4);
        usedNames.add(name);
        List<String> fqn = new ArrayList<>();
        fqn.add(project);
        fqn.addAll(folderParts);
        fqn.add(name);
        return new Node("test." + project + "." + name, ResourceType.TEST, name,
                new NodeOrigin(Path.of(path), new dev.kiln.SourcePosition(Path.of(path), 1, 1), fqn), text,
                new NodeConfig(folders.resolve(folderParts, name)), NodeDocs.NONE, null);
    }

    private static String baseName(TestDecl d, String displayName) {
        StringBuilder sb = new StringBuilder(d.testName()).append('_').append(displayName);
        if (d.column() != null) {
            sb.append('_').append(d.column());
        }
        d.kwargs().forEach((k, v) -> {
            for (Object part : v instanceof List<?> list ? list : List.of(String.valueOf(v))) {
                sb.append("__").append(String.valueOf(part).replaceAll("[^A-Za-z0-9_]+", "_"));
            }
        });
        String name = sb.toString().replaceAll("_+$", "");
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME - 11) + "_" + shortHash(name);
        }
        return name;
    }

    private String uniqueName(String base) {
        String name = base;
        for (int i = 2; !usedNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
