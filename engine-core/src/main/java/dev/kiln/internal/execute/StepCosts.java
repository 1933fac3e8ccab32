package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ResourceType;
import dev.kiln.internal.state.PreviousDurations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How long each step is expected to take, in seconds, for the {@link Scheduler}'s priorities:
 * the node's {@code execution_time} in the previous {@code run_results.json} when it is there;
 * otherwise an estimate by kind (a table costs more than a view, a test less than a table),
 * scaled to the measured durations of that kind when the previous run measured some.
 * Only the ratios between costs matter.
 */
public final class StepCosts {

    private final Map<String, Double> measured;
    private final Map<ResourceType, Double> typicalByType;

    private StepCosts(Map<String, Double> measured) {
        this.measured = measured;
        Map<ResourceType, List<Double>> byType = new EnumMap<>(ResourceType.class);
        this.typicalByType = new EnumMap<>(ResourceType.class);
        measured.forEach((id, seconds) -> {
            ResourceType t = typeOf(id);
            if (t != null) {
                byType.computeIfAbsent(t, k -> new ArrayList<>()).add(seconds);
            }
        });
        byType.forEach((t, list) -> {
            Collections.sort(list);
            typicalByType.put(t, list.get(list.size() / 2));
        });
    }

    /** Estimates only (no earlier run). */
    public static StepCosts estimates() {
        return new StepCosts(Map.of());
    }

    /** Measured durations by unique id (seconds), estimates for the rest. */
    public static StepCosts of(Map<String, Double> measured) {
        return new StepCosts(Map.copyOf(measured));
    }

    /**
     * The durations in {@code targetDir/run_results.json} (see {@link PreviousDurations});
     * estimates only when it is missing or unreadable. Read it before the run starts, as the run
     * rewrites the file.
     */
    public static StepCosts fromPreviousRun(Path targetDir) {
        return new StepCosts(PreviousDurations.read(targetDir));
    }

    /** Expected seconds for {@code node} (never negative). */
    public double of(CompiledNode node) {
        Double m = measured.get(node.uniqueId());
        if (m != null) {
            return m;
        }
        Double typical = typicalByType.get(node.resourceType());
        return typical != null ? typical : estimate(node);
    }

    /** Whether any duration was measured. */
    public boolean measuredAny() {
        return !measured.isEmpty();
    }

    /** A cost by kind, in rough seconds: building a table is the unit. */
    static double estimate(CompiledNode node) {
        return switch (node.resourceType()) {
            case MODEL -> switch (node.config().materialized()) {
                case "view" -> 0.05;
                case "ephemeral" -> 0.0;
                default -> 1.0;
            };
            case SEED -> 0.5;
            case SNAPSHOT -> 1.0;
            case TEST -> 0.2;
            case UNIT_TEST -> 0.1;
            case SOURCE -> 2.0; // a load
            case EXPOSURE -> 1.0;
            default -> 0.5;
        };
    }

    /** The kind a unique id names ({@code model.p.x} → MODEL), or {@code null}. */
    private static ResourceType typeOf(String uniqueId) {
        int dot = uniqueId.indexOf('.');
        String prefix = dot < 0 ? uniqueId : uniqueId.substring(0, dot);
        for (ResourceType t : ResourceType.values()) {
            if (t.name().equalsIgnoreCase(prefix)) {
                return t;
            }
        }
        return null;
    }
}
