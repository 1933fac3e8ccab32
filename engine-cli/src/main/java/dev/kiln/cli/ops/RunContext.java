package dev.kiln.cli.ops;

/**
 * What ran, for alerts and artifact uploads.
 *
 * @param project      the project's name
 * @param command      the command ({@code build}, {@code run}, …)
 * @param target       the target's name
 * @param invocationId the run's invocation id (from {@code run_results.json}), or {@code "unknown"}
 */
public record RunContext(String project, String command, String target, String invocationId) {
}
