package dev.datavision.raw;

import java.util.ArrayList;
import java.util.List;

/**
 * Simulates users one at a time, day by day, from signup to the end of the truth window. Stateless
 * and thread-safe: each call works on its own {@link LifeRun}, so users can be simulated in any
 * order and on any thread with identical results.
 */
final class LifeSimulator {

    private final long seed;
    private final SimClock clock;
    private final List<List<Campaign>> emailsByDay;
    private final List<Campaign> inApp;

    LifeSimulator(long seed, SimClock clock, List<Campaign> campaigns) {
        this.seed = seed;
        this.clock = clock;
        this.emailsByDay = new ArrayList<>();
        for (int d = 0; d < clock.endDay(); d++) {
            emailsByDay.add(new ArrayList<>(0));
        }
        List<Campaign> inAppCampaigns = new ArrayList<>();
        for (Campaign c : campaigns) {
            if (c.email()) {
                int day = clock.dayOf(c.startSec());
                if (day < clock.endDay()) {
                    emailsByDay.get(day).add(c);
                }
            } else {
                inAppCampaigns.add(c);
            }
        }
        this.inApp = List.copyOf(inAppCampaigns);
    }

    /**
     * @param keepRows false to get only the sessions (the interaction pass replays each user's life)
     */
    UserLife simulate(UserProfile profile, boolean keepRows) {
        UserLife out = new UserLife(profile, keepRows);
        LifeContext ctx = new LifeContext(profile, clock, seed,
                Rng.stream(seed, Rng.Stream.LIFE, profile.userId()),
                Rng.stream(seed, Rng.Stream.DEFECTS, profile.userId()), out);
        new LifeRun(ctx, emailsByDay, inApp).run();
        return out;
    }
}
