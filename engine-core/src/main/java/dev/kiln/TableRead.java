package dev.kiln;

/**
 * A relation a model's SQL reads.
 *
 * @param uniqueId the model's, seed's, snapshot's or source's unique id; {@code null} for a table
 *                 Kiln does not manage
 * @param name     the relation as written ({@code staging.stg_users}) or rendered
 * @param declared true when read through {@code ref()} or {@code source()} (or named by hand but
 *                 also declared with them)
 */
public record TableRead(String uniqueId, String name, boolean declared) {
}
