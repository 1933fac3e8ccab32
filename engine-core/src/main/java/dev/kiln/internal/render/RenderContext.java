package dev.kiln.internal.render;

import dev.kiln.Project;
import dev.kiln.Relation;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Dialect;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What rendering needs to know besides the templates.
 *
 * @param project      the loaded project
 * @param target       the active target
 * @param dialect      the target's SQL dialect
 * @param vars         project vars with {@code --vars} overrides applied
 * @param env          environment variable lookup for {@code env_var()}
 * @param existing     whether a relation exists in the warehouse (for {@code is_incremental()})
 * @param fullRefresh  {@code --full-refresh}: {@code is_incremental()} is false
 * @param warehouse    what templates may ask the warehouse (dbt_utils' {@code star()} and the like)
 * @param empty        {@code --empty}: every {@code source()} reads no rows (refs are emptied when linking)
 */
public record RenderContext(Project project, TargetConfig target, Dialect dialect, Map<String, Object> vars,
                            Function<String, String> env, Predicate<Relation> existing, boolean fullRefresh,
                            Warehouse warehouse, boolean empty) {

    /** Not {@code --empty}. */
    public RenderContext(Project project, TargetConfig target, Dialect dialect, Map<String, Object> vars,
                         Function<String, String> env, Predicate<Relation> existing, boolean fullRefresh,
                         Warehouse warehouse) {
        this(project, target, dialect, vars, env, existing, fullRefresh, warehouse, false);
    }

    /** Without a warehouse connection ({@link Warehouse#NONE}). */
    public RenderContext(Project project, TargetConfig target, Dialect dialect, Map<String, Object> vars,
                         Function<String, String> env, Predicate<Relation> existing, boolean fullRefresh) {
        this(project, target, dialect, vars, env, existing, fullRefresh, Warehouse.NONE);
    }
}
