package dev.kiln.spi;

import dev.kiln.CompiledNode;
import dev.kiln.Relation;

import java.nio.file.Path;

/**
 * What a {@link Materializer} needs to build one node.
 *
 * @param node        the compiled node (its config and SQL)
 * @param relation    where it goes
 * @param session     the worker's session
 * @param fullRefresh {@code --full-refresh} was given (incremental models and seeds rebuild)
 * @param projectRoot the project directory (seed files resolve against it)
 */
public record BuildRequest(CompiledNode node, Relation relation, Session session, boolean fullRefresh, Path projectRoot) {

    /** The compiled SQL. */
    public String sql() {
        return node.compiledSql();
    }
}
