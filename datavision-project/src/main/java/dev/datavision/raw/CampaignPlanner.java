package dev.datavision.raw;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans the campaign calendar: a new campaign every 8 to 15 days from the second month on, running
 * 7 to 21 days, through the end of the truth window (campaigns starting after {@code asOf} only
 * influence the ground truth and are not written to the raw layer).
 */
final class CampaignPlanner {

    private static final String[] CONVERSION_THEMES = {"Go Premium", "Unlock more creations", "Upgrade offer", "Premium trial nudge"};
    private static final String[] UPSELL_THEMES = {"Teams on Enterprise", "Scale with Enterprise", "Unlimited creations"};
    private static final String[] RETENTION_THEMES = {"Get more from your plan", "We saved your spot", "New features for you"};
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private CampaignPlanner() {
    }

    static List<Campaign> plan(long seed, SimClock clock) {
        SplittableRandom r = Rng.stream(seed, Rng.Stream.CAMPAIGNS, 0);
        List<Campaign> campaigns = new ArrayList<>();
        int day = 30 + r.nextInt(10);
        long id = 1;
        while (day < clock.endDay()) {
            Campaign.Goal goal = Campaign.Goal.values()[Rng.weighted(r, new double[] {0.5, 0.25, 0.25})];
            String channel = Rng.chance(r, 0.6) ? "email" : "in_app";
            Plan target = switch (goal) {
                case CONVERSION -> Plan.FREE;
                case UPSELL -> Plan.PREMIUM;
                case RETENTION -> Rng.chance(r, 0.6) ? Plan.PREMIUM : Plan.ENTERPRISE;
            };
            String theme = Rng.pick(r, switch (goal) {
                case CONVERSION -> CONVERSION_THEMES;
                case UPSELL -> UPSELL_THEMES;
                case RETENTION -> RETENTION_THEMES;
            });
            long start = clock.daySec(day) + (9 + r.nextInt(6)) * 3600L;
            long end = clock.daySec(day + 7 + r.nextInt(15));
            long created = start - (2 + r.nextInt(12)) * SimClock.DAY - r.nextInt(36_000);
            LocalDate date = clock.date(day);
            String name = theme + " (" + channel.replace('_', '-') + ", " + MONTH.format(date) + ")";
            campaigns.add(new Campaign(id++, name, channel, goal, target, start, end, created));
            day += 8 + r.nextInt(8);
        }
        return List.copyOf(campaigns);
    }
}
