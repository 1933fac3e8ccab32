package dev.kiln.internal.analyze;

import dev.kiln.AnalysisStatus;
import dev.kiln.ColumnLineage;
import dev.kiln.ColumnSpec;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ModelAnalysis;
import dev.kiln.NodeDocs;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns of every node and source, as far as they are known: a model's from its own
 * analysis (models are resolved parents first), a seed's from its CSV header, a source's on CSV
 * or Parquet files from its first file, then a source's as the warehouse or its remote files gave them
 * ({@link SourceColumns}), and otherwise the columns documented in YAML (then not complete). Thread-safe; a node's columns are read only after its analysis
 * is recorded, except for relations read without being declared, which get their documented
 * columns (so that the result never depends on timing).
 */
final class Schemas {

    /**
     * Known columns of a relation.
     *
     * @param columns  the columns known, in order
     * @param complete true when they are all its columns
     */
    record Schema(List<String> columns, boolean complete) {
        /** Nothing known. */
        static final Schema UNKNOWN = new Schema(List.of(), false);
    }

    private final CompiledProject project;
    private final Map<String, Schema> known = new ConcurrentHashMap<>();
    private final Map<String, Schema> documentedOnly = new ConcurrentHashMap<>();
    private final Map<String, List<String>> sourceColumns;

    Schemas(CompiledProject project) {
        this(project, Map.of());
    }

    /** With the columns of sources read from the warehouse or their remote files ({@link SourceColumns}). */
    Schemas(CompiledProject project, Map<String, List<String>> sourceColumns) {
        this.project = project;
        this.sourceColumns = sourceColumns;
    }

    /** Records a model's columns from its analysis. */
    void analysed(String uniqueId, ModelAnalysis analysis) {
        if (analysis.status() != AnalysisStatus.PARSED) {
            return;
        }
        if (analysis.columnsComplete()) {
            List<String> names = new ArrayList<>(analysis.columns().size());
            for (ColumnLineage c : analysis.columns()) {
                names.add(c.name());
            }
            known.put(uniqueId, new Schema(names, true));
            return;
        }
        List<String> documented = documented(uniqueId);
        Set<String> names = new LinkedHashSet<>(analysis.columnNames());
        names.addAll(documented);
        known.put(uniqueId, new Schema(new ArrayList<>(names), !documented.isEmpty()));
    }

    /**
     * The columns of a node or source; {@code declared} tells whether the reader declared it
     * (then it is finished) or named it by hand (then only its file and YAML count).
     */
    Schema of(String uniqueId, boolean declared) {
        return declared ? known.computeIfAbsent(uniqueId, this::compute)
                : documentedOnly.computeIfAbsent(uniqueId, this::compute);
    }

    /**
     * A seed's columns are its CSV header; a source on CSV or Parquet files has its first file's columns. Otherwise only the
     * documented columns are known, and they need not be all: YAML may describe some columns of a table and leave
     * the rest out, which a query may still read (its lineage then names them through the wildcard).
     */
    private Schema compute(String uniqueId) {
        CompiledNode node = project.node(uniqueId).orElse(null);
        Path root = project.project().config().root();
        if (node != null && node.resourceType() == ResourceType.SEED) {
            List<String> header = csvHeader(root.resolve(node.node().origin().path()));
            if (!header.isEmpty()) {
                return new Schema(header, true);
            }
        }
        SourceTable source = project.project().sources().get(uniqueId);
        List<String> documented = documented(uniqueId);
        if (source != null && source.externalLocation() != null) {
            List<String> header = SourceFiles.columns(root, source.externalLocation());
            if (!header.isEmpty()) {
                Set<String> all = new LinkedHashSet<>(header);
                all.addAll(documented);
                return new Schema(new ArrayList<>(all), true);
            }
        }
        List<String> read = source == null ? null : sourceColumns.get(uniqueId);
        if (read != null && !read.isEmpty()) { // from the warehouse or the remote files, at the last connected run
            Set<String> all = new LinkedHashSet<>(read);
            all.addAll(documented);
            return new Schema(new ArrayList<>(all), true);
        }
        // a model under an enforced contract has exactly its documented columns
        boolean contracted = node != null && node.config().get("contract").orElse(null) instanceof Map<?, ?> c
                && Boolean.parseBoolean(String.valueOf(c.get("enforced")));
        return documented.isEmpty() ? Schema.UNKNOWN : new Schema(documented, contracted);
    }

    private List<String> documented(String uniqueId) {
        SourceTable s = project.project().sources().get(uniqueId);
        NodeDocs docs = s != null ? s.docs() : project.node(uniqueId).map(n -> n.node().docs()).orElse(NodeDocs.NONE);
        return docs == null ? List.of() : docs.columns().stream().map(ColumnSpec::name).toList();
    }

    /** The column names in a CSV file's first line, or an empty list. */
    static List<String> csvHeader(Path csv) {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            if (line == null || line.isBlank()) {
                return List.of();
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            return csvLine(line);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The cells of one CSV line (a header), a UTF-8 byte order mark dropped. */
    static List<String> csvLine(String line) {
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString().strip());
        return out;
    }
}
