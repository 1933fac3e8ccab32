package dev.kiln;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The commands that touch the warehouse, and which resources each one runs. */
public enum Command {
    /** Builds models. */
    RUN(EnumSet.of(ResourceType.MODEL)),
    /** Loads seeds. */
    SEED(EnumSet.of(ResourceType.SEED)),
    /** Runs snapshots. */
    SNAPSHOT(EnumSet.of(ResourceType.SNAPSHOT)),
    /** Runs data tests and unit tests. */
    TEST(EnumSet.of(ResourceType.TEST, ResourceType.UNIT_TEST)),
    /**
     * Seeds, snapshots, models, tests and runnable exposures (syncs and reports) in DAG order; a
     * failing test skips what is downstream of its model.
     */
    BUILD(EnumSet.of(ResourceType.SEED, ResourceType.SNAPSHOT, ResourceType.MODEL, ResourceType.TEST,
            ResourceType.UNIT_TEST, ResourceType.EXPOSURE)),
    /**
     * Runs the selected exposures that have a {@code sync:} block, after the data tests of what
     * they read (a failing one skips the sync).
     */
    SYNC(EnumSet.of(ResourceType.EXPOSURE)),
    /**
     * Writes the selected exposures that have a {@code report:} block, after the data tests of
     * what they read (a failing one skips the report).
     */
    REPORT(EnumSet.of(ResourceType.EXPOSURE));

    private final Set<ResourceType> runs;

    Command(Set<ResourceType> runs) {
        this.runs = runs;
    }

    /** Whether this command runs resources of {@code type}. */
    public boolean runs(ResourceType type) {
        return runs.contains(type);
    }

    /**
     * Whether this command runs {@code exposure}: {@code build} runs every runnable one,
     * {@code sync} those with {@code sync:}, {@code report} those with {@code report:}.
     */
    public boolean runs(Exposure exposure) {
        return exposure.enabled() && switch (this) {
            case BUILD -> exposure.runnable();
            case SYNC -> exposure.sync() != null;
            case REPORT -> exposure.report() != null;
            default -> false;
        };
    }

    /** The command's name as typed ({@code run}, {@code build}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
