package dev.kiln.spi;

/**
 * What building a node did.
 *
 * @param rowsAffected rows written, or -1 when unknown (views)
 * @param message      a short summary in the warehouse's words ({@code CREATE TABLE}, {@code INSERT 120})
 */
public record BuildResult(long rowsAffected, String message) {
}
