package dev.datavision.raw;

import java.util.SplittableRandom;

/**
 * What the parts of one user's simulation share.
 *
 * @param profile the user
 * @param clock   the simulated calendar
 * @param seed    the global seed (for per-pair streams such as campaign assignment)
 * @param random  the user's behaviour stream
 * @param defects the user's defect stream (kept apart so defects never change behaviour)
 * @param out     where rows go
 */
record LifeContext(UserProfile profile, SimClock clock, long seed, SplittableRandom random, SplittableRandom defects,
                   UserLife out) {

    boolean beforeAsOf(long sec) {
        return sec < clock.asOfSec();
    }
}
