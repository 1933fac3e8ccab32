package dev.kiln.spi;

import dev.kiln.Relation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a {@code report:} exposure.
 *
 * @param exposure the exposure's name
 * @param parts    what to write: a sheet each in a workbook; exactly one for {@code csv} and
 *                 {@code parquet}
 * @param about    what the report was built from and when, as label → text in order (the
 *                 workbook's first sheet shows it): report, built at, project, target, exposure,
 *                 description, owner, and each part's model
 * @param session  a session on the target to read the parts with
 * @param dialect  the target's dialect
 * @param file     where to write: a temporary file in the destination's folder, moved into
 *                 place by Kiln when {@link ReportWriter#write} returns
 * @param target   the final path, for messages
 * @param progress receives progress lines for people watching the run
 */
public record ReportRequest(String exposure, List<Part> parts, Map<String, String> about, Session session,
                            Dialect dialect, Path file, Path target, Consumer<String> progress) {

    /** Copies the collections. */
    public ReportRequest {
        parts = List.copyOf(parts);
        about = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(about));
    }

    /**
     * One sheet (or the whole file, for a plain export).
     *
     * @param name     the sheet's name
     * @param model    the model's name
     * @param relation the model's relation
     * @param sql      the query to stream: the model's rows with the part's {@code where},
     *                 {@code order_by} and {@code limit} applied
     * @param chart    the chart to draw, or {@code null}
     * @param formats  cell formats by column name ({@code percent}, {@code decimal},
     *                 {@code integer}, {@code date}, {@code datetime}, {@code text}, or an Excel
     *                 pattern such as {@code 0.0%}); other columns are formatted from their type
     */
    public record Part(String name, String model, Relation relation, String sql, Chart chart,
                       Map<String, String> formats) {
        /** Copies the formats. */
        public Part {
            formats = Map.copyOf(formats);
        }
    }

    /**
     * A chart on a sheet.
     *
     * @param type  {@code line} or {@code bar}
     * @param x     the column along the x axis (categories)
     * @param y     the columns drawn, one series each
     * @param title the chart's title
     */
    public record Chart(String type, String x, List<String> y, String title) {
        /** Copies the list. */
        public Chart {
            y = List.copyOf(y);
        }
    }
}
