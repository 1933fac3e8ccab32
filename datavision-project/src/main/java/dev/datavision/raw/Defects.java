package dev.datavision.raw;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The data-quality defects planted in the raw layer, with their rates. Defects are drawn from a
 * stream of their own, so changing a rate never changes the simulated behaviour. Every defect is
 * documented in docs/datavision-raw.md; staging models must clean them.
 */
final class Defects {

    /** Share of users exported twice: an older version of the row next to the current one. */
    static final double USER_OLD_VERSION = 0.03;
    /** Share of users whose e-mail has leading and/or trailing spaces. */
    static final double EMAIL_SPACES = 0.015;
    /** Share of users whose e-mail has upper-case letters. */
    static final double EMAIL_UPPER_CASE = 0.015;
    /** Share of users whose acquisition_channel is not lower case. */
    static final double CHANNEL_CASE = 0.02;
    /** Share of sessions whose device is not lower case. */
    static final double DEVICE_CASE = 0.02;
    /** Share of sessions with a NULL ended_at (never closed). */
    static final double SESSION_NOT_CLOSED = 0.003;
    /** Share of interactions delivered twice (identical rows, same interaction_id). */
    static final double INTERACTION_DUPLICATE = 0.005;
    /** Share of interactions whose interaction_type is not lower case. */
    static final double INTERACTION_TYPE_CASE = 0.01;
    /** Share of payments delivered twice (identical rows, same payment_id). */
    static final double PAYMENT_DUPLICATE = 0.004;
    /** Share of payments whose status is not lower case. */
    static final double PAYMENT_STATUS_CASE = 0.01;
    /** Share of payments whose currency is {@code usd} instead of {@code USD}. */
    static final double PAYMENT_CURRENCY_CASE = 0.005;

    private Defects() {
    }

    /** {@code Organic} or {@code ORGANIC}: the value with a different case. */
    static String mixCase(SplittableRandom r, String value) {
        if (r.nextBoolean()) {
            return value.toUpperCase(Locale.ROOT);
        }
        return Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }

    static String maybeMixCase(SplittableRandom r, double rate, String value) {
        return Rng.chance(r, rate) ? mixCase(r, value) : value;
    }

    /** The e-mail as the operational system stored it (mostly clean). */
    static String email(SplittableRandom r, String clean) {
        String email = clean;
        if (Rng.chance(r, EMAIL_UPPER_CASE)) {
            int at = email.indexOf('@');
            email = Character.toUpperCase(email.charAt(0)) + email.substring(1, at) + email.substring(at).toUpperCase(Locale.ROOT);
        }
        if (Rng.chance(r, EMAIL_SPACES)) {
            email = switch (r.nextInt(3)) {
                case 0 -> " " + email;
                case 1 -> email + "  ";
                default -> "  " + email + " ";
            };
        }
        return email;
    }
}
