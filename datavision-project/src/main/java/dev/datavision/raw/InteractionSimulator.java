package dev.datavision.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Second pass: what users do with other people's contents. For every pre-as_of session of a user
 * (replayed from the user's life), the user views a few contents — mostly from their favourite and
 * second category, picked from the {@link ContentIndex} — and may like, complete and share them.
 * Better contents are picked, liked, completed and shared more often; fading users view less.
 */
final class InteractionSimulator {

    /** Completion probability by content type (article, timeline, quiz, project) for a perfect content. */
    private static final double[] COMPLETION = {0.45, 0.40, 0.65, 0.20};
    /** Median view duration in seconds by content type. */
    private static final double[] MEDIAN_SECONDS = {95, 120, 150, 210};

    private final long seed;
    private final ContentIndex index;

    InteractionSimulator(long seed, ContentIndex index) {
        this.seed = seed;
        this.index = index;
    }

    /** The interactions of one user, with local ids; {@code used()} local ids. */
    record Batch(List<Row> rows, int used) {
    }

    Batch interactions(UserLife life) {
        UserProfile p = life.profile;
        SplittableRandom r = Rng.stream(seed, Rng.Stream.INTERACTIONS, p.userId());
        SplittableRandom d = Rng.stream(seed, Rng.Stream.DEFECTS, p.userId(), 1);
        List<Row> rows = new ArrayList<>();
        List<Row> redelivered = new ArrayList<>(0);
        int next = 0;
        int categories = Vocabulary.CATEGORIES.length;
        ContentIndex.Window window = index.window();
        for (int s = 0; s < life.sessionCount(); s++) {
            long start = life.sessionStart(s);
            window.reset(start);
            long end = life.sessionEnd(s);
            double intensity = life.sessionIntensity(s);
            int views = Math.min(15, 1 + Rng.poisson(r, p.persona().viewsPerSession * intensity));
            long at = start + 2;
            long step = Math.max(1, (end - start) / (views + 1));
            for (int v = 0; v < views; v++) {
                at = Math.min(end - 1, at + 1 + (long) (step * r.nextDouble() * 1.5));
                double c = r.nextDouble();
                int category = c < 0.55 ? p.favoriteCategory() : c < 0.8 ? p.secondCategory() : r.nextInt(categories);
                int position = index.pick(category, at, window, r);
                if (position < 0) {
                    category = r.nextInt(categories);
                    position = index.pick(category, at, window, r);
                    if (position < 0) {
                        continue;
                    }
                }
                long contentId = index.contentId(category, position);
                int type = index.contentType(category, position);
                double q = index.quality(category, position);
                int duration = (int) Rng.clamp(Rng.lognormal(r, MEDIAN_SECONDS[type], 0.6)
                        * (0.5 + 0.5 * intensity) * (0.6 + 0.8 * q), 3, 3600);
                next = emit(rows, redelivered, d, next, p.userId(), contentId, s, "view", at, duration);
                if (Rng.chance(r, 0.03 + 0.25 * q * q)) {
                    next = emit(rows, redelivered, d, next, p.userId(), contentId, s, "like",
                            Math.min(end - 1, at + duration * 4L / 5), -1);
                }
                if (Rng.chance(r, COMPLETION[type] * (0.3 + 0.7 * q))) {
                    next = emit(rows, redelivered, d, next, p.userId(), contentId, s, "complete",
                            Math.min(end - 1, at + duration), duration);
                }
                if (Rng.chance(r, 0.004 + 0.05 * q)) {
                    next = emit(rows, redelivered, d, next, p.userId(), contentId, s, "share",
                            Math.min(end - 1, at + duration + 2), -1);
                }
            }
        }
        rows.addAll(redelivered);
        return new Batch(rows, next);
    }

    private static int emit(List<Row> rows, List<Row> redelivered, SplittableRandom d, int localId, long userId,
                            long contentId, int session, String type, long at, int duration) {
        String shownType = Defects.maybeMixCase(d, Defects.INTERACTION_TYPE_CASE, type);
        Row row = new ActivityRows.Interaction(localId, userId, contentId, session, shownType, at, duration);
        rows.add(row);
        if (Rng.chance(d, Defects.INTERACTION_DUPLICATE)) {
            redelivered.add(row);
        }
        return localId + 1;
    }
}
