package dev.kiln.internal.pipeline;

import dev.kiln.KilnListener;
import dev.kiln.WarnErrorPolicy;
import dev.kiln.spi.AdapterProvider;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of one {@code Kiln}, copied from its {@code KilnBuilder} when it is loaded: nothing
 * reads the builder after {@code load()}, so changing the builder later changes no loaded Kiln.
 * See {@code KilnBuilder} for what each setting means.
 *
 * @param projectDir   the project directory (holding {@code kiln.yml})
 * @param target       the target asked for, or {@code null} for the project's default
 * @param vars         var overrides ({@code --vars}), in order
 * @param env          where {@code env_var()} looks
 * @param listener     receives progress
 * @param adapters     adapters passed in code, ahead of those on the class path
 * @param threads      the target's {@code threads} overridden, or {@code null}
 * @param stateDir     the {@code --state} directory, or {@code null}
 * @param defer        {@code --defer}
 * @param favorState   {@code --favor-state}
 * @param targetPath   the {@code --target-path}, or {@code null} for the project's
 * @param strict       {@code --strict} analysis
 * @param analyze      whether compiling analyses every model
 * @param partialParse whether partial parsing is on
 * @param warnError    which warnings fail the command
 */
public record KilnSettings(Path projectDir, String target, Map<String, Object> vars, Function<String, String> env,
                           KilnListener listener, List<AdapterProvider> adapters, Integer threads, Path stateDir,
                           boolean defer, boolean favorState, Path targetPath, boolean strict, boolean analyze,
                           boolean partialParse, WarnErrorPolicy warnError) {

    /** Copies the collections (vars may hold {@code null} values, kept as given). */
    public KilnSettings {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        adapters = List.copyOf(adapters);
    }
}
