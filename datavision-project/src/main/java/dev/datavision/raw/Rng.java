package dev.datavision.raw;

import java.util.SplittableRandom;

/**
 * Deterministic random streams and the few distributions the generator draws from.
 *
 * <p>Every entity (a user, a campaign, a user-campaign pair) gets its own {@link SplittableRandom},
 * seeded from a hash of (global seed, stream, entity id). Results therefore never depend on the
 * order in which threads happen to simulate users. The distributions are implemented here rather
 * than taken from {@code RandomGenerator}'s defaults so that the output stays byte-identical across
 * JDK versions.
 */
final class Rng {

    /** Independent purposes; each one is a separate stream for the same entity. */
    enum Stream {
        PERSONA, PROFILE, LIFE, INTERACTIONS, CAMPAIGNS, CAMPAIGN_ASSIGNMENT, DEFECTS
    }

    private Rng() {
    }

    static SplittableRandom stream(long seed, Stream stream, long entityId) {
        return new SplittableRandom(mix(mix(seed ^ 0x5DEECE66DL) + stream.ordinal() * 0x9E3779B97F4A7C15L + entityId));
    }

    static SplittableRandom stream(long seed, Stream stream, long entityId, long subId) {
        return stream(seed, stream, mix(entityId * 0x632BE59BD9B4E019L + subId));
    }

    /** SplitMix64 finalizer: a bijective, well-mixing hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    /** Standard normal (Box-Muller, one value per call). */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble(); // (0, 1]
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static double lognormal(SplittableRandom r, double median, double sigma) {
        return median * Math.exp(sigma * gaussian(r));
    }

    static double exponential(SplittableRandom r, double mean) {
        return -mean * Math.log(1.0 - r.nextDouble());
    }

    /** Poisson by inversion; fine for the small rates used here (capped to keep it bounded). */
    static int poisson(SplittableRandom r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        double p = Math.exp(-lambda);
        double cumulative = p;
        double u = r.nextDouble();
        int k = 0;
        while (u > cumulative && k < 60) {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }

    /** Index drawn with probability proportional to {@code weights}. */
    static int weighted(SplittableRandom r, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
