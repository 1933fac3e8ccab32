package dev.datavision.raw;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * One user's plan, subscriptions and payments.
 *
 * <p>When a paid stint starts, its voluntary cancellation day is drawn in advance (exponential
 * tenure whose hazard grows with price sensitivity and shrinks with engagement). Activity then
 * <em>fades</em> over the 50–65 days before that day (except for 10% "silent" churners), renewal
 * payments fail more often while fading, and Enterprise users often downgrade to Premium first.
 * Involuntary churn comes from renewal payments that still fail after three retries.
 */
final class BillingAccount {

    /** Plan transitions, for attribution and ground truth. */
    interface Listener {
        /** Called before any plan change, with its time (lets the ground truth snapshot as_of first). */
        void beforeChange(long atSec);

        void planChanged(Plan from, Plan to, String changeType, long atSec, boolean involuntary);

        void renewed(long atSec);
    }

    private static final String[] CANCEL_REASONS = {"not_using", "too_expensive", "missing_features", "switched_competitor", "other"};
    private static final double[] CANCEL_REASON_WEIGHTS = {35, 30, 15, 12, 8};
    private static final String[] FAILURE_REASONS = {"card_declined", "insufficient_funds", "expired_card", "processing_error"};
    private static final double[] FAILURE_REASON_WEIGHTS = {45, 30, 18, 7};

    private final LifeContext ctx;
    private final SplittableRandom r;
    private final Listener listener;

    private Plan plan = Plan.FREE;
    private int subscriptionId = -1;
    private long subscriptionStart;

    private LocalDate anchor;
    private long renewalTimeOfDay;
    private int renewals;
    private int nextRenewalDay = -1;
    private int retryDay = -1;
    private int retries;

    private int cancelDay = -1;
    private long cancelSec;
    private int fadeStartDay;
    private int fadeLength = 1;
    private boolean silent;
    private int downgradeDay = -1;

    BillingAccount(LifeContext ctx, Listener listener) {
        this.ctx = ctx;
        this.r = ctx.random();
        this.listener = listener;
    }

    Plan plan() {
        return plan;
    }

    /** Opens the free subscription every user starts with. */
    void signUp(long atSec) {
        open(Plan.FREE, atSec);
    }

    /** Activity multiplier from the pre-cancellation fade (1 when not fading). */
    double fade(int day) {
        if (!fading(day)) {
            return 1.0;
        }
        double progress = Math.min(1.0, (day - fadeStartDay + 1) / (double) fadeLength);
        return Math.max(0.05, 1.0 - 0.95 * Math.sqrt(progress));
    }

    boolean fading(int day) {
        return cancelDay >= 0 && !silent && day >= fadeStartDay;
    }

    /** Start day of the current fade, or -1 when none is scheduled. */
    int fadeStartDay() {
        return cancelDay >= 0 && !silent ? fadeStartDay : -1;
    }

    /** Billing events of one day: scheduled downgrade, cancellation, renewal and retries. */
    void day(int day) {
        if (!plan.paid()) {
            return;
        }
        long dayStart = ctx.clock().daySec(day);
        if (plan == Plan.ENTERPRISE && (day == downgradeDay
                || (cancelDay - day > 90 || cancelDay < 0) && Rng.chance(r, 0.0006))) {
            change(Plan.PREMIUM, "downgrade", dayStart + 8 * 3600 + r.nextInt(12 * 3600), "ended", null, false);
        }
        if (day == cancelDay) {
            cancel(cancelSec, CANCEL_REASONS[Rng.weighted(r, CANCEL_REASON_WEIGHTS)], false);
            return;
        }
        long at = dayStart + renewalTimeOfDay;
        if (day == retryDay) {
            retry(day, at);
        } else if (day == nextRenewalDay) {
            renew(day, at);
        }
    }

    private void renew(int day, long at) {
        double failure = 0.02 + ctx.profile().paymentRisk() + (fading(day) ? 0.15 : 0.0);
        if (Rng.chance(r, failure)) {
            payment(at, "failed", FAILURE_REASONS[Rng.weighted(r, FAILURE_REASON_WEIGHTS)]);
            retries = 1;
            retryDay = day + 3;
        } else {
            renewed(at);
        }
    }

    private void retry(int day, long at) {
        double success = Rng.clamp(0.55 - 1.5 * ctx.profile().paymentRisk(), 0.2, 0.6);
        if (Rng.chance(r, success)) {
            retryDay = -1;
            renewed(at);
        } else {
            payment(at, "failed", FAILURE_REASONS[Rng.weighted(r, FAILURE_REASON_WEIGHTS)]);
            if (retries < 3) {
                retryDay = day + (retries == 1 ? 4 : 7);
                retries++;
            } else {
                retryDay = -1;
                cancel(at + 3600, "payment_failed", true);
            }
        }
    }

    private void renewed(long at) {
        payment(at, Rng.chance(r, 0.01) ? "refunded" : "succeeded", null);
        renewals++;
        nextRenewalDay = ctx.clock().dayOf(anchor.plusMonths(renewals));
        listener.renewed(at);
    }

    /** Free to a paid plan (Enterprise with the persona's probability). */
    void convert(long atSec) {
        Plan target = Rng.chance(r, ctx.profile().persona().enterpriseShare) ? Plan.ENTERPRISE : Plan.PREMIUM;
        change(target, "upgrade", atSec, "ended", null, false);
        scheduleChurn(ctx.clock().dayOf(atSec));
    }

    /** Premium to Enterprise. */
    void upsell(long atSec) {
        change(Plan.ENTERPRISE, "upgrade", atSec, "ended", null, false);
        scheduleChurn(ctx.clock().dayOf(atSec));
    }

    /** A retention campaign worked: a cancellation planned within 75 days is called off (45%). */
    void retain(int day) {
        if (cancelDay >= 0 && cancelDay - day <= 75 && Rng.chance(r, 0.45)) {
            scheduleChurn(day);
        }
    }

    /** The free user deletes the account: the subscription is closed and nothing follows. */
    void delete(long atSec) {
        close(atSec, "canceled", "account_deleted");
    }

    /** Closes the books at the end of the simulation: what is still open stays active in the raw data. */
    void finish() {
        close(Long.MAX_VALUE, "ended", null);
    }

    private void cancel(long atSec, String reason, boolean involuntary) {
        change(Plan.FREE, "cancel", atSec, "canceled", reason, involuntary);
    }

    private void change(Plan to, String type, long atSec, String status, String reason, boolean involuntary) {
        listener.beforeChange(atSec);
        Plan from = plan;
        close(atSec, status, reason);
        if (ctx.beforeAsOf(atSec)) {
            ctx.out().add(new BillingRows.PlanChange(ctx.out().next(UserLife.Sequence.PLAN_CHANGE),
                    ctx.profile().userId(), from, to, type, atSec));
        }
        open(to, atSec);
        if (!to.paid()) {
            cancelDay = -1;
            downgradeDay = -1;
            retryDay = -1;
            nextRenewalDay = -1;
        }
        listener.planChanged(from, to, type, atSec, involuntary);
    }

    private void open(Plan to, long atSec) {
        plan = to;
        subscriptionStart = atSec;
        subscriptionId = ctx.beforeAsOf(atSec) ? ctx.out().next(UserLife.Sequence.SUBSCRIPTION) : -1;
        if (to.paid()) {
            anchor = ctx.clock().date(ctx.clock().dayOf(atSec));
            renewalTimeOfDay = Math.floorMod(atSec - ctx.clock().startSec(), SimClock.DAY);
            renewals = 1;
            nextRenewalDay = ctx.clock().dayOf(anchor.plusMonths(1));
            retryDay = -1;
            payment(atSec, "succeeded", null);
        }
    }

    private void close(long atSec, String status, String reason) {
        if (subscriptionId < 0) {
            return;
        }
        boolean endedBeforeAsOf = ctx.beforeAsOf(atSec);
        ctx.out().add(new BillingRows.Subscription(subscriptionId, ctx.profile().userId(), plan,
                endedBeforeAsOf ? status : "active", subscriptionStart, endedBeforeAsOf ? atSec : Row.NULL_TIME,
                endedBeforeAsOf ? reason : null));
        subscriptionId = -1;
    }

    private void payment(long atSec, String status, String failureReason) {
        if (!ctx.beforeAsOf(atSec) || subscriptionId < 0) {
            return;
        }
        SplittableRandom d = ctx.defects();
        String shownStatus = Defects.maybeMixCase(d, Defects.PAYMENT_STATUS_CASE, status);
        String currency = Rng.chance(d, Defects.PAYMENT_CURRENCY_CASE) ? "usd" : "USD";
        BillingRows.Payment row = new BillingRows.Payment(ctx.out().next(UserLife.Sequence.PAYMENT),
                ctx.profile().userId(), subscriptionId, plan.priceCents, currency, shownStatus, atSec, failureReason,
                ctx.profile().paymentMethod());
        ctx.out().add(row);
        if (Rng.chance(d, Defects.PAYMENT_DUPLICATE)) {
            ctx.out().add(row);
        }
    }

    /** Draws when the current paid stint will be cancelled voluntarily, and how it fades before. */
    private void scheduleChurn(int fromDay) {
        UserProfile p = ctx.profile();
        double monthly = plan.baseMonthlyChurn * p.persona().churnFactor * p.priceSensitivity()
                * Rng.clamp(1.0 / Math.sqrt(p.engagement()), 0.6, 1.8);
        double tenureDays = Rng.exponential(r, 30.0 / monthly);
        cancelDay = fromDay + Math.max(10, (int) Math.ceil(tenureDays));
        cancelSec = ctx.clock().daySec(cancelDay) + 7 * 3600 + r.nextInt(15 * 3600);
        fadeLength = 50 + r.nextInt(16);
        fadeStartDay = cancelDay - fadeLength;
        silent = Rng.chance(r, 0.10);
        downgradeDay = -1;
        if (plan == Plan.ENTERPRISE && Rng.chance(r, 0.35)) {
            int day = fadeStartDay + r.nextInt(Math.max(1, fadeLength / 2));
            downgradeDay = day > fromDay ? day : -1;
        }
    }
}
