package dev.kiln.cli.airflow;

import java.util.List;

/** Python literals for values written into the DAG file. */
public final class PythonText {

    private PythonText() {
    }

    /** A Python string literal (ASCII, escaped). */
    public static String literal(String value) {
        return Names.literal(value);
    }

    /** A Python list of string literals. */
    public static String list(List<String> values) {
        return DagFileWriter.list(values);
    }
}
