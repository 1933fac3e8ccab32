package dev.datavision.raw;

/**
 * A marketing campaign. Audiences are drawn per user at exposure time (see {@link CampaignResponder}).
 *
 * @param id         campaign id, 1-based in start order
 * @param name       human-readable name
 * @param channel    {@code email} or {@code in_app}
 * @param goal       what a conversion means for this campaign
 * @param targetPlan the plan a user must be on to be eligible
 * @param startSec   start, epoch seconds UTC
 * @param endSec     end (exclusive), epoch seconds UTC
 * @param createdSec when it was set up
 */
record Campaign(long id, String name, String channel, Goal goal, Plan targetPlan, long startSec, long endSec,
                long createdSec) {

    /** Campaign goals; the lower-case name is the raw value. */
    enum Goal {
        /** Free users to a paid plan. */
        CONVERSION,
        /** Premium users to Enterprise. */
        UPSELL,
        /** Paying users kept paying. */
        RETENTION;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    boolean email() {
        return channel.equals("email");
    }

    boolean activeAt(long sec) {
        return sec >= startSec && sec < endSec;
    }
}
