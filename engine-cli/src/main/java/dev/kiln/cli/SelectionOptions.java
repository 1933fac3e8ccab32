package dev.kiln.cli;

import dev.kiln.Selection;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code -s/--select} and {@code --exclude}, in dbt's selection syntax. Each option takes one
 * or more values, and each value may hold several space-separated specs.
 */
public final class SelectionOptions {

    @Option(names = {"-s", "--select"}, arity = "1..*", paramLabel = "SPEC",
            description = "Nodes to work on (dbt syntax: model, +model, model+, tag:x, path:…, …; default: all).")
    List<String> select = new ArrayList<>();

    @Option(names = "--exclude", arity = "1..*", paramLabel = "SPEC",
            description = "Nodes to leave out (same syntax as --select).")
    List<String> exclude = new ArrayList<>();

    /** The selection these options describe ({@link Selection#ALL} when neither is given). */
    public Selection toSelection() {
        return new Selection(Selection.split(nonNull(select)), Selection.split(nonNull(exclude)));
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list;
    }
}
