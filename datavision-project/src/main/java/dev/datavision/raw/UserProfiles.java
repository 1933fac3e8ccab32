package dev.datavision.raw;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Draws {@link UserProfile}s. Each profile is a pure function of (seed, user id, scale, clock), so any
 * user can be re-created anywhere, in any order.
 *
 * <p>Signups follow an exponentially growing rate (the last month sees about {@value #GROWTH}x the
 * signups of the first); user ids are assigned in signup order, so a referrer always signed up first.
 */
final class UserProfiles {

    static final double GROWTH = 5.0;

    private static final double[] CATEGORY_POPULARITY = {10, 12, 14, 8, 7, 14, 10, 10, 9, 6};
    private static final double[] BUSINESS_CATEGORIES = {3, 4, 14, 22, 20, 16, 3, 3, 3, 2};
    private static final double[] REFERRER_WEIGHT = {0.3, 1.0, 1.5, 3.0, 2.5};

    private final long seed;
    private final long scale;
    private final SimClock clock;

    UserProfiles(long seed, long scale, SimClock clock) {
        this.seed = seed;
        this.scale = scale;
        this.clock = clock;
    }

    /** The persona alone: cheap, used to pick plausible referrers. */
    Persona persona(long userId) {
        SplittableRandom r = Rng.stream(seed, Rng.Stream.PERSONA, userId);
        return Persona.values()[Rng.weighted(r, Persona.shares())];
    }

    UserProfile profile(long userId) {
        Persona persona = persona(userId);
        SplittableRandom r = Rng.stream(seed, Rng.Stream.PROFILE, userId);

        long signupSec = signupSec(userId, r.nextDouble());
        int country = Rng.weighted(r, Vocabulary.COUNTRY_WEIGHTS);
        boolean countryMissing = Rng.chance(r, 0.01);
        String first = Rng.pick(r, Vocabulary.FIRST_NAMES);
        String last = Rng.pick(r, Vocabulary.LAST_NAMES);
        String local = (first + "." + last).toLowerCase(Locale.ROOT).replace(" ", "");
        String domain = persona == Persona.BUSINESS && Rng.chance(r, 0.8)
                ? Rng.pick(r, Vocabulary.COMPANY_WORDS) + ".example"
                : Rng.pick(r, Vocabulary.EMAIL_DOMAINS);
        String email = local + userId + "@" + domain;

        String channel = Vocabulary.CHANNELS[Rng.weighted(r, channelWeights(persona))];
        long referrerId = 0;
        if (channel.equals("referral")) {
            if (userId > 1) {
                referrerId = referrer(userId, r);
            } else {
                channel = "organic";
            }
        }
        boolean optIn = Rng.chance(r, 0.65);
        int device = Rng.weighted(r, persona == Persona.BUSINESS ? new double[] {80, 12, 8} : new double[] {50, 28, 22});
        double engagement = Rng.lognormal(r, 1.0, 0.45) * (referrerId > 0 ? 1.15 : 1.0);
        double contents = persona.contentsPerMonth * Rng.lognormal(r, 1.0, 0.5);
        double[] categoryWeights = persona == Persona.BUSINESS ? BUSINESS_CATEGORIES : CATEGORY_POPULARITY;
        int favorite = Rng.weighted(r, categoryWeights);
        int second = Rng.weighted(r, categoryWeights);
        if (second == favorite) {
            second = (favorite + 1 + r.nextInt(categoryWeights.length - 1)) % categoryWeights.length;
        }
        double skill = Rng.clamp(Math.pow(r.nextDouble(), 1.3)
                + (persona == Persona.POWER_CREATOR || persona == Persona.BUSINESS ? 0.15 : 0.0), 0, 1);
        double priceSensitivity = Rng.lognormal(r, 1.0, 0.35);
        double riskDraw = r.nextDouble();
        double paymentRisk = riskDraw < 0.70 ? 0.0 : riskDraw < 0.95 ? 0.04 : 0.15;
        String method = Rng.chance(r, 0.85) ? "card" : "paypal";

        return new UserProfile(userId, signupSec, persona, country, countryMissing, first + " " + last, email, channel,
                referrerId, optIn, device, engagement, contents, favorite, second, skill, priceSensitivity, paymentRisk,
                method);
    }

    /** Inverse CDF of an exponentially growing signup rate; monotone in the user id. */
    private long signupSec(long userId, double jitter) {
        double x = (userId - 1 + jitter) / scale;
        double g = Math.log(GROWTH);
        double fraction = Math.log1p(x * (GROWTH - 1)) / g;
        long span = clock.asOfSec() - clock.startSec();
        long sec = clock.startSec() + (long) Math.floor(fraction * span);
        return Math.min(sec, clock.asOfSec() - 1);
    }

    private long referrer(long userId, SplittableRandom r) {
        long candidate = 1;
        for (int attempt = 0; attempt < 10; attempt++) {
            candidate = 1 + r.nextLong(userId - 1);
            double w = REFERRER_WEIGHT[persona(candidate).ordinal()];
            if (Rng.chance(r, w / 3.0)) {
                break;
            }
        }
        return candidate;
    }

    private static double[] channelWeights(Persona persona) {
        return switch (persona) {
            case BUSINESS -> new double[] {25, 30, 5, 15, 20, 5};
            case DRIVE_BY -> new double[] {20, 20, 40, 8, 2, 10};
            default -> new double[] {35, 18, 17, 15, 5, 10};
        };
    }
}
