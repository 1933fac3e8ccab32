package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.Diagnostic;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;

import java.time.Duration;
import java.util.List;

/**
 * Two listeners as one: every event goes to {@code first}, then to {@code second}.
 *
 * @param first  called first
 * @param second called second
 */
record BothListeners(KilnListener first, KilnListener second) implements KilnListener {

    @Override
    public void warnings(List<Diagnostic> warnings) {
        first.warnings(warnings);
        second.warnings(warnings);
    }

    @Override
    public void stageFinished(String stage, Duration elapsed) {
        first.stageFinished(stage, elapsed);
        second.stageFinished(stage, elapsed);
    }

    @Override
    public void runStarted(Command command, int total) {
        first.runStarted(command, total);
        second.runStarted(command, total);
    }

    @Override
    public void nodeStarted(CompiledNode node, int index, int total) {
        first.nodeStarted(node, index, total);
        second.nodeStarted(node, index, total);
    }

    @Override
    public void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
        first.nodeFinished(node, result, index, total);
        second.nodeFinished(node, result, index, total);
    }

    @Override
    public void progress(CompiledNode node, String line) {
        first.progress(node, line);
        second.progress(node, line);
    }

    @Override
    public void runFinished(RunResults results) {
        first.runFinished(results);
        second.runFinished(results);
    }
}
