package dev.datavision.raw;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One user's life, day by day: sessions, content creation against the plan limit, conversion and
 * upsell decisions, lapses into dormancy, account deletion; billing and campaigns are delegated to
 * {@link BillingAccount} and {@link CampaignResponder}. Records the ground truth at as_of and over
 * the 30 days after it.
 */
final class LifeRun implements BillingAccount.Listener {

    /** Local-time hour weights of session starts (consumers and business users). */
    private static final double[] HOURS = {1, .5, .3, .2, .2, .4, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 6, 6, 5, 3, 2};
    private static final double[] BUSINESS_HOURS = {.2, .1, .1, .1, .1, .2, .5, 2, 6, 8, 8, 7, 5, 7, 8, 8, 7, 5, 2, 1, 1, .8, .5, .3};
    private static final double[][] CONTENT_TYPE_WEIGHTS = {{40, 20, 25, 15}, {25, 20, 15, 40}};
    private static final int HEAVY_FREE_THRESHOLD = 10;
    /** Probability that a free user who is blocked by the monthly limit upgrades on the spot. */
    static final double LIMIT_BLOCK_CONVERSION = 0.07;
    /** Multiplier on the per-session conversion probability of free users near their limit. */
    static final double NEAR_LIMIT_CONVERSION_BOOST = 2.5;
    /** Paying users are more active than free ones. */
    static final double PAID_ACTIVITY = 1.6;

    private final LifeContext ctx;
    private final UserProfile p;
    private final SimClock clock;
    private final SplittableRandom r;
    private final UserLife out;
    private final List<List<Campaign>> emailsByDay;
    private final BillingAccount billing;
    private final CampaignResponder campaigns;

    private double walk = 1.0;
    private boolean dormant;
    private boolean deleted;
    private long deletedSec = Row.NULL_TIME;
    private int vacationUntil = -1;
    private int month = -1;
    private int createdThisMonth;
    private int createdLastMonth;
    private long lastSessionEnd;

    // ground truth
    private boolean snapshotTaken;
    private Plan planAtAsOf;
    private int fadeStartAtAsOf = -1;
    private double propensity = Double.NaN;
    private int contentsLast90Days;
    private long churnSec = Row.NULL_TIME;
    private String churnType;
    private long convertSec = Row.NULL_TIME;
    private long upsellSec = Row.NULL_TIME;

    LifeRun(LifeContext ctx, List<List<Campaign>> emailsByDay, List<Campaign> inApp) {
        this.ctx = ctx;
        this.p = ctx.profile();
        this.clock = ctx.clock();
        this.r = ctx.random();
        this.out = ctx.out();
        this.emailsByDay = emailsByDay;
        this.billing = new BillingAccount(ctx, this);
        this.campaigns = new CampaignResponder(ctx, inApp);
    }

    void run() {
        int signupDay = clock.dayOf(p.signupSec());
        billing.signUp(p.signupSec());
        lastSessionEnd = p.signupSec() - 3600;
        for (int day = signupDay; day < clock.endDay() && !deleted; day++) {
            if (day == clock.asOfDay() && !snapshotTaken) {
                snapshot();
            }
            if (day > signupDay && (day - signupDay) % 7 == 0) {
                week(day, signupDay);
                if (deleted) {
                    break;
                }
            }
            billing.day(day);
            campaigns.emails(emailsByDay.get(day), billing, rate(day, signupDay), dormant);
            sessions(day, signupDay);
        }
        billing.finish();
        writeUser();
        writeTruth();
    }

    // ---- activity ----------------------------------------------------------------------------

    /** Expected sessions on {@code day}. */
    private double rate(int day, int signupDay) {
        double rate = p.persona().sessionsPerDay * p.engagement() * walk;
        if (day - signupDay < 7) {
            rate *= 1.8;
        }
        if (dormant) {
            rate *= 0.03;
        }
        if (billing.plan().paid()) {
            rate *= PAID_ACTIVITY;
        }
        if (clock.weekend(day)) {
            rate *= p.persona().weekendFactor;
        }
        if (day <= vacationUntil) {
            rate *= 0.12;
        }
        return rate * billing.fade(day);
    }

    private void week(int day, int signupDay) {
        walk = Rng.clamp(walk * Math.exp(0.05 * Rng.gaussian(r)), 0.4, 2.5);
        if (billing.plan() == Plan.FREE) {
            if (!dormant) {
                double lapse = p.persona().weeklyLapse * (day - signupDay < 28 ? 1.4 : 1.0)
                        * Rng.clamp(1.0 / Math.sqrt(p.engagement()), 0.5, 2.0);
                dormant = Rng.chance(r, lapse);
            } else if (Rng.chance(r, 0.012)) {
                dormant = false;
            } else if (Rng.chance(r, 0.004)) {
                deleted = true;
                deletedSec = clock.daySec(day) + r.nextInt((int) SimClock.DAY);
                billing.delete(deletedSec);
                return;
            }
        }
        if (day > vacationUntil && Rng.chance(r, 0.025)) {
            vacationUntil = day + 4 + r.nextInt(10);
        }
    }

    private void sessions(int day, int signupDay) {
        double rate = rate(day, signupDay);
        int n = Math.min(8, Rng.poisson(r, rate));
        if (day == signupDay) {
            n = Math.max(1, n);
        }
        if (n == 0) {
            return;
        }
        long[] starts = new long[n];
        double[] hours = p.persona() == Persona.BUSINESS ? BUSINESS_HOURS : HOURS;
        for (int i = 0; i < n; i++) {
            if (day == signupDay) {
                starts[i] = i == 0 ? p.signupSec() : p.signupSec() + 600 + r.nextInt(14 * 3600);
            } else {
                int hour = Rng.weighted(r, hours);
                long utcSecond = Math.floorMod((hour - p.utcOffsetHours()) * 3600L + r.nextInt(3600), SimClock.DAY);
                starts[i] = clock.daySec(day) + utcSecond;
            }
        }
        Arrays.sort(starts);
        double fade = billing.fade(day);
        double intensity = Math.sqrt(fade) * (dormant ? 0.6 : 1.0);
        for (long wanted : starts) {
            long start = Math.max(wanted, lastSessionEnd + 60 + r.nextInt(600));
            long length = (long) Rng.clamp(Rng.lognormal(r, 420, 0.8) * (0.4 + 0.6 * intensity), 30, 3 * 3600);
            lastSessionEnd = start + length;
            session(start, start + length, intensity);
        }
    }

    private void session(long start, long end, double intensity) {
        if (start >= clock.asOfSec() && !snapshotTaken) {
            snapshot();
        }
        rollMonth(start);
        if (end < clock.asOfSec()) {
            writeSession(start, end, intensity);
        }
        campaigns.session(start, billing);
        int attempts = Rng.poisson(r, p.contentsPerMonth() / p.persona().sessionsPerMonth() * intensity);
        long[] times = new long[attempts];
        for (int i = 0; i < attempts; i++) {
            times[i] = start + (long) ((end - start) * r.nextDouble());
        }
        Arrays.sort(times);
        for (long at : times) {
            rollMonth(at);
            Plan plan = billing.plan();
            if (plan.limited() && createdThisMonth >= plan.monthlyContentLimit) {
                if (plan == Plan.FREE && Rng.chance(r, LIMIT_BLOCK_CONVERSION)) {
                    billing.convert(at);
                } else if (plan == Plan.PREMIUM && Rng.chance(r, 0.06)) {
                    billing.upsell(at);
                } else {
                    continue;
                }
            }
            createContent(at);
        }
        long decisionAt = start + (end - start) / 2;
        Plan plan = billing.plan();
        if (plan == Plan.FREE) {
            double perSession = p.persona().monthlyConversion / p.persona().sessionsPerMonth()
                    * (nearLimit() ? NEAR_LIMIT_CONVERSION_BOOST : 1.0) * campaigns.conversionBoost(decisionAt);
            if (Rng.chance(r, perSession)) {
                billing.convert(decisionAt);
            }
        } else if (plan == Plan.PREMIUM) {
            double monthly = p.persona() == Persona.BUSINESS ? 0.05 : 0.008;
            boolean nearPremiumLimit = Math.max(createdThisMonth, createdLastMonth) >= 40;
            double perSession = monthly / p.persona().sessionsPerMonth() * (nearPremiumLimit ? 3.0 : 1.0)
                    * campaigns.upsellBoost(decisionAt);
            if (Rng.chance(r, perSession)) {
                billing.upsell(decisionAt);
            }
        }
    }

    /** Starts a new calendar month (UTC) of the content counter when {@code atSec} is in a later month. */
    private void rollMonth(long atSec) {
        int m = clock.month(clock.dayOf(atSec));
        if (m > month) {
            createdLastMonth = m == month + 1 ? createdThisMonth : 0;
            createdThisMonth = 0;
            month = m;
        }
    }

    /** A free user who used at least 80% of the limit this month or last month. */
    private boolean nearLimit() {
        int threshold = (int) Math.ceil(0.8 * Plan.FREE.monthlyContentLimit);
        return Math.max(createdThisMonth, createdLastMonth) >= threshold;
    }

    private void writeSession(long start, long end, double intensity) {
        SplittableRandom d = ctx.defects();
        int localId = out.session(start, end, intensity);
        String device = Vocabulary.DEVICES[Rng.chance(r, 0.8) ? p.device() : r.nextInt(Vocabulary.DEVICES.length)];
        String country = Rng.chance(r, 0.97) ? p.countryCode() : Rng.pick(r, Vocabulary.COUNTRIES);
        device = Defects.maybeMixCase(d, Defects.DEVICE_CASE, device);
        long shownEnd = Rng.chance(d, Defects.SESSION_NOT_CLOSED) ? Row.NULL_TIME : end;
        out.add(new ActivityRows.Session(localId, p.userId(), start, shownEnd, device, country));
    }

    private void createContent(long at) {
        createdThisMonth++;
        long asOf = clock.asOfSec();
        if (at >= asOf - 90 * SimClock.DAY && at < asOf) {
            contentsLast90Days++;
        }
        int type = Rng.weighted(r, CONTENT_TYPE_WEIGHTS[p.persona() == Persona.BUSINESS ? 1 : 0]);
        double c = r.nextDouble();
        int category = c < 0.6 ? p.favoriteCategory() : c < 0.85 ? p.secondCategory() : r.nextInt(Vocabulary.CATEGORIES.length);
        String title = Vocabulary.title(r, type, category);
        double u = r.nextDouble();
        double quality = Rng.clamp(0.05 + 0.55 * p.skill() + 0.4 * u * u, 0, 1);
        long publish = Rng.chance(r, 0.18) ? Row.NULL_TIME : at + 60 + (long) Rng.lognormal(r, 2 * 3600, 1.2);
        long archive = publish != Row.NULL_TIME && Rng.chance(r, 0.05)
                ? publish + (long) Rng.exponential(r, 60 * SimClock.DAY) : Row.NULL_TIME;
        if (at >= asOf) {
            return;
        }
        String status;
        long published = Row.NULL_TIME;
        long updated = at;
        if (publish == Row.NULL_TIME || publish >= asOf) {
            status = "draft";
        } else if (archive != Row.NULL_TIME && archive < asOf) {
            status = "archived";
            published = publish;
            updated = archive;
        } else {
            status = "published";
            published = publish;
            updated = publish;
        }
        int localId = out.next(UserLife.Sequence.CONTENT);
        out.add(new ActivityRows.Content(localId, p.userId(), type, title, category, status, at, published, updated,
                publish, archive, quality));
        out.add(new ActivityRows.ContentTruth(localId, p.userId(), quality));
    }

    // ---- plan transitions ------------------------------------------------------------------

    @Override
    public void beforeChange(long atSec) {
        if (atSec >= clock.asOfSec() && !snapshotTaken) {
            snapshot();
        }
    }

    @Override
    public void planChanged(Plan from, Plan to, String changeType, long atSec, boolean involuntary) {
        campaigns.planChanged(from, to, atSec);
        boolean inWindow = atSec >= clock.asOfSec() && atSec < clock.truthEndSec();
        if (inWindow && from.paid() && !to.paid() && churnSec == Row.NULL_TIME) {
            churnSec = atSec;
            churnType = involuntary ? "involuntary" : "voluntary";
        }
        if (inWindow && from == Plan.FREE && to.paid() && convertSec == Row.NULL_TIME) {
            convertSec = atSec;
        }
        if (inWindow && from == Plan.PREMIUM && to == Plan.ENTERPRISE && upsellSec == Row.NULL_TIME) {
            upsellSec = atSec;
        }
        if (!to.paid() && from.paid()) {
            dormant = Rng.chance(r, 0.55);
            walk *= 0.8;
        } else if (to.paid() && !from.paid()) {
            dormant = false;
        }
    }

    @Override
    public void renewed(long atSec) {
        campaigns.renewed(atSec);
    }

    // ---- ground truth and the user record ----------------------------------------------------

    private void snapshot() {
        snapshotTaken = true;
        rollMonth(clock.asOfSec());
        planAtAsOf = billing.plan();
        fadeStartAtAsOf = billing.fadeStartDay();
        if (planAtAsOf == Plan.FREE) {
            Persona persona = p.persona();
            double sessions30 = persona.sessionsPerDay * p.engagement() * walk * (dormant ? 0.03 : 1.0)
                    * (5 + 2 * persona.weekendFactor) / 7 * 30;
            double perSession = persona.monthlyConversion / persona.sessionsPerMonth()
                    * (nearLimit() ? NEAR_LIMIT_CONVERSION_BOOST : 1.0);
            double attempts = p.contentsPerMonth() / persona.sessionsPerMonth() * sessions30;
            double blocked = Math.max(0, attempts - Plan.FREE.monthlyContentLimit);
            propensity = 1 - Math.pow(1 - perSession, sessions30) * Math.pow(1 - LIMIT_BLOCK_CONVERSION, blocked);
        }
    }

    private void writeTruth() {
        boolean alive = snapshotTaken;
        Plan plan = alive ? planAtAsOf : null;
        boolean paying = plan != null && plan.paid();
        Boolean willChurn = paying ? churnSec != Row.NULL_TIME : null;
        long fadeStart = Boolean.TRUE.equals(willChurn) && "voluntary".equals(churnType) && fadeStartAtAsOf >= 0
                ? clock.daySec(fadeStartAtAsOf) : Row.NULL_TIME;
        Boolean willConvert = plan == Plan.FREE ? convertSec != Row.NULL_TIME : null;
        Boolean willUpsell = plan == Plan.PREMIUM ? upsellSec != Row.NULL_TIME : null;
        out.add(new UserRows.Truth(p.userId(), p.persona().code(), plan == null ? null : plan.code, paying, willChurn,
                paying ? churnSec : Row.NULL_TIME, paying ? churnType : null, fadeStart, willConvert,
                plan == Plan.FREE ? convertSec : Row.NULL_TIME, plan == Plan.FREE ? propensity : Double.NaN,
                plan == Plan.FREE && contentsLast90Days >= HEAVY_FREE_THRESHOLD, contentsLast90Days, willUpsell,
                Vocabulary.CATEGORIES[p.favoriteCategory()], p.persona().sessionsPerDay * p.engagement()));
    }

    private void writeUser() {
        SplittableRandom d = ctx.defects();
        long asOf = clock.asOfSec();
        boolean deletedBeforeAsOf = deleted && deletedSec < asOf;
        long lastPossible = Math.min(asOf - 1, deletedBeforeAsOf ? deletedSec : asOf - 1);
        long updated = p.signupSec();
        if (deletedBeforeAsOf) {
            updated = deletedSec;
        } else if (Rng.chance(d, 0.3) && lastPossible > p.signupSec()) {
            updated = p.signupSec() + 1 + (long) ((lastPossible - p.signupSec() - 1) * d.nextDouble());
        }
        String country = p.countryMissing() ? null : p.countryCode();
        String channel = Defects.maybeMixCase(d, Defects.CHANNEL_CASE, p.channel());
        String email = Defects.email(d, p.email());
        if (updated - p.signupSec() > SimClock.DAY && Rng.chance(d, Defects.USER_OLD_VERSION)) {
            long older = p.signupSec() + (long) ((updated - p.signupSec()) * d.nextDouble() * 0.9);
            String oldEmail = p.email().substring(0, p.email().indexOf('@') + 1) + Rng.pick(d, Vocabulary.EMAIL_DOMAINS);
            out.add(new UserRows.User(p.userId(), oldEmail, p.fullName(), country, p.signupSec(), channel,
                    p.referrerId(), !p.marketingOptIn(), older, false));
        }
        out.add(new UserRows.User(p.userId(), email, p.fullName(), country, p.signupSec(), channel, p.referrerId(),
                p.marketingOptIn(), updated, deletedBeforeAsOf));
    }
}
