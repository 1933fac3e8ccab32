/**
 * The {@code kiln} command line: a thin picocli shell over the embedding API in
 * {@code dev.kiln}. {@link dev.kiln.cli.KilnCommand} holds the global options and lists the
 * subcommands, each a small {@link dev.kiln.cli.KilnSubcommand}; {@code ErrorHandler} maps
 * exceptions to exit codes.
 */
package dev.kiln.cli;
