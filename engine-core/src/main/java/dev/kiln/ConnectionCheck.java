package dev.kiln;

import java.time.Duration;

/**
 * The outcome of {@link Kiln#checkConnection()}: the target's warehouse answered a query.
 *
 * @param warehouseVersion what the warehouse says its version is, or {@code null} when the adapter cannot tell
 * @param elapsed          how long connecting and the query took
 */
public record ConnectionCheck(String warehouseVersion, Duration elapsed) {
}
