package dev.kiln.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates artifacts against dbt's published JSON schemas (copies in {@code src/test/resources/dbt-schemas},
 * Apache 2.0), so that tests can assert that dbt tools read what Kiln writes.
 */
public enum DbtSchemas {
    /** {@code manifest.json}, v12. */
    MANIFEST("manifest-v12.json"),
    /** {@code run_results.json}, v6. */
    RUN_RESULTS("run-results-v6.json"),
    /** {@code sources.json}, v3. */
    SOURCES("sources-v3.json"),
    /** {@code catalog.json}, v1. */
    CATALOG("catalog-v1.json");

    private static final Pattern ANY_OF = Pattern.compile("/anyOf/\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<DbtSchemas, Schema> LOADED = new ConcurrentHashMap<>();

    private final String resource;

    DbtSchemas(String resource) {
        this.resource = resource;
    }

    /** The published URL of this schema, as an artifact's {@code metadata.dbt_schema_version} names it. */
    public String url() {
        return schema().getSchemaNode().path("$id").asText();
    }

    /** Every violation of this schema in {@code artifact}, as {@code <json path>: <message>}; empty if valid. */
    public List<String> violations(Path artifact) {
        try {
            return violations(JSON.readTree(artifact.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every violation of this schema in {@code artifact}; empty if valid. Where an entry may take one of several
     * shapes ({@code anyOf}: a node is a Model, a Seed, a GenericTest, …), only the violations of the shapes whose
     * constant ({@code resource_type}) the entry matches are listed, not those of every other shape.
     */
    public List<String> violations(JsonNode artifact) {
        List<Error> errors = schema().validate(artifact);
        Set<String> otherShapes = new HashSet<>();
        for (Error e : errors) {
            if ("const".equals(e.getKeyword())) {
                otherShapes.add(e.getInstanceLocation() + " " + branch(e));
            }
        }
        return errors.stream()
                .filter(e -> otherShapes.stream().noneMatch(s -> matches(s, e)))
                .map(DbtSchemas::describe).distinct().toList();
    }

    /** The evaluation path up to the innermost {@code anyOf/N} (the shape the error was found in). */
    private static String branch(Error e) {
        String path = String.valueOf(e.getEvaluationPath());
        Matcher m = ANY_OF.matcher(path);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        return end < 0 ? path : path.substring(0, end);
    }

    /** Whether {@code e} lies in the shape {@code shape} ({@code <const's instance> <branch>}) that did not apply. */
    private static boolean matches(String shape, Error e) {
        int space = shape.indexOf(' ');
        String constAt = shape.substring(0, space);
        String owner = constAt.substring(0, Math.max(0, constAt.lastIndexOf('/')));
        String instance = String.valueOf(e.getInstanceLocation());
        return (instance.equals(owner) || instance.startsWith(owner + "/"))
                && String.valueOf(e.getEvaluationPath()).startsWith(shape.substring(space + 1));
    }

    private static String describe(Error e) {
        return e.getInstanceLocation() + ": " + e.getMessage();
    }

    private Schema schema() {
        return LOADED.computeIfAbsent(this, s -> {
            try (InputStream in = DbtSchemas.class.getResourceAsStream("/dbt-schemas/" + s.resource)) {
                if (in == null) {
                    throw new IllegalStateException("dbt-schemas/" + s.resource + " is not on the test classpath");
                }
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
