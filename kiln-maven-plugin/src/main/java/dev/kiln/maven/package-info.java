/**
 * The Kiln Maven plugin: goals {@code kiln:compile}, {@code kiln:seed}, {@code kiln:run},
 * {@code kiln:test}, {@code kiln:build} and {@code kiln:ls}, each a thin shell over the
 * embedding API ({@link dev.kiln.Kiln}). {@link dev.kiln.maven.AbstractKilnMojo} turns the
 * shared parameters into a {@link dev.kiln.KilnBuilder}; a goal only says which command to run.
 */
package dev.kiln.maven;
