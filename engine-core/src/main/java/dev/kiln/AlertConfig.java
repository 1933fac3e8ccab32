package dev.kiln;

/**
 * One entry of {@code alerts:} in {@code kiln.yml}: a webhook told at the end of every run of
 * {@code build}, {@code run}, {@code seed}, {@code snapshot}, {@code test} and {@code retry}.
 * The URL is a secret (a Slack webhook URL grants posting): {@link #toString()} hides it and Kiln
 * never prints or writes it.
 *
 * @param webhook  {@code webhook}: the URL (use {@code env_var()}); Slack-compatible JSON is posted to it
 * @param always   {@code when: always} (every run) rather than {@code when: failure} (the default:
 *                 runs with an error, a failed test or a cancellation)
 * @param position where the entry is declared in {@code kiln.yml}
 */
public record AlertConfig(String webhook, boolean always, SourcePosition position) {

    /** The URL hidden. */
    @Override
    public String toString() {
        return "AlertConfig[webhook=***, always=" + always + ", position=" + position + "]";
    }
}
