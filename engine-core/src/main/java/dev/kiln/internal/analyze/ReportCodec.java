package dev.kiln.internal.analyze;

import dev.kiln.AnalysisStatus;
import dev.kiln.ColumnLineage;
import dev.kiln.ColumnRef;
import dev.kiln.Derivation;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.SourcePosition;
import dev.kiln.TableRead;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A compact binary form of a run's analyses and diagnostics, for {@link RunCache}. */
final class ReportCodec {

    private ReportCodec() {
    }

    /** Writes the analyses and diagnostics. */
    static void write(DataOutputStream out, Map<String, ModelAnalysis> models, List<Diagnostic> diagnostics)
            throws IOException {
        out.writeInt(models.size());
        for (ModelAnalysis m : models.values()) {
            ShapeCodec.string(out, m.uniqueId());
            out.writeByte(m.status().ordinal());
            ShapeCodec.string(out, m.problem());
            out.writeBoolean(m.columnsComplete());
            out.writeInt(m.tablesRead().size());
            for (TableRead t : m.tablesRead()) {
                ShapeCodec.string(out, t.uniqueId());
                ShapeCodec.string(out, t.name());
                out.writeBoolean(t.declared());
            }
            out.writeInt(m.columns().size());
            for (ColumnLineage c : m.columns()) {
                ShapeCodec.string(out, c.name());
                out.writeInt(c.from().size());
                for (Derivation d : c.from()) {
                    ShapeCodec.string(out, d.from().uniqueId());
                    ShapeCodec.string(out, d.from().column());
                    out.writeBoolean(d.direct());
                }
            }
        }
        out.writeInt(diagnostics.size());
        for (Diagnostic d : diagnostics) {
            out.writeByte(d.severity().ordinal());
            ShapeCodec.string(out, d.code());
            ShapeCodec.string(out, d.message());
            ShapeCodec.string(out, d.hint());
            SourcePosition p = d.position();
            out.writeBoolean(p != null);
            if (p != null) {
                ShapeCodec.string(out, p.file() == null ? null : p.file().toString());
                out.writeInt(p.line());
                out.writeInt(p.column());
            }
        }
    }

    /** What {@link #write} wrote: analyses by unique id, in order. */
    static Map<String, ModelAnalysis> readModels(ByteBuffer in) {
        int n = in.getInt();
        Map<String, ModelAnalysis> models = new LinkedHashMap<>(Math.max(16, n * 4 / 3 + 1));
        for (int i = 0; i < n; i++) {
            String id = ShapeCodec.string(in);
            AnalysisStatus status = AnalysisStatus.values()[in.get()];
            String problem = ShapeCodec.string(in);
            boolean complete = in.get() != 0;
            int reads = in.getInt();
            List<TableRead> tables = new ArrayList<>(reads);
            for (int r = 0; r < reads; r++) {
                tables.add(new TableRead(ShapeCodec.string(in), ShapeCodec.string(in), in.get() != 0));
            }
            int cols = in.getInt();
            List<ColumnLineage> columns = new ArrayList<>(cols);
            for (int c = 0; c < cols; c++) {
                String name = ShapeCodec.string(in);
                int k = in.getInt();
                List<Derivation> from = new ArrayList<>(k);
                for (int j = 0; j < k; j++) {
                    from.add(new Derivation(new ColumnRef(ShapeCodec.string(in), ShapeCodec.string(in)), in.get() != 0));
                }
                columns.add(new ColumnLineage(name, from));
            }
            models.put(id, new ModelAnalysis(id, status, problem, tables, columns, complete));
        }
        return models;
    }

    /** The diagnostics {@link #write} wrote after the analyses. */
    static List<Diagnostic> readDiagnostics(ByteBuffer in) {
        int n = in.getInt();
        List<Diagnostic> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Diagnostic.Severity severity = Diagnostic.Severity.values()[in.get()];
            String code = ShapeCodec.string(in);
            String message = ShapeCodec.string(in);
            String hint = ShapeCodec.string(in);
            SourcePosition pos = null;
            if (in.get() != 0) {
                String file = ShapeCodec.string(in);
                pos = new SourcePosition(file == null ? null : Path.of(file), in.getInt(), in.getInt());
            }
            out.add(new Diagnostic(severity, code, message, pos, hint));
        }
        return out;
    }
}
