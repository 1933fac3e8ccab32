package dev.datavision.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How one user meets the campaign calendar.
 *
 * <p>A user is <em>eligible</em> for a campaign when, at exposure time, they are on its target plan
 * (and, for e-mail, opted in to marketing). E-mails go out on the start day; in-app messages show at
 * the user's first session while the campaign runs. 80% of eligible users are in the audience (the
 * rest is a random holdout, drawn from a stream per user and campaign). A click multiplies the
 * conversion (or upsell) probability per session by 3.5 for 14 days; a click on a retention campaign
 * calls off a planned cancellation with probability 0.45. A {@code converted} event follows a click
 * when the goal is reached within the attribution window (14 days; retention: a successful renewal
 * within 35 days).
 */
final class CampaignResponder {

    static final double AUDIENCE_SHARE = 0.8;
    static final long BOOST_SECONDS = 14 * SimClock.DAY;
    static final double CLICK_BOOST = 3.5;
    private static final long RETENTION_WINDOW = 35 * SimClock.DAY;

    private final LifeContext ctx;
    private final SplittableRandom r;
    private final List<Campaign> inApp;
    private int nextInApp;
    private final List<Campaign> pendingInApp = new ArrayList<>();

    private long conversionCampaign;
    private long conversionUntil = Long.MIN_VALUE;
    private long upsellCampaign;
    private long upsellUntil = Long.MIN_VALUE;
    private long retentionCampaign;
    private long retentionUntil = Long.MIN_VALUE;

    CampaignResponder(LifeContext ctx, List<Campaign> inApp) {
        this.ctx = ctx;
        this.r = ctx.random();
        this.inApp = inApp;
    }

    double conversionBoost(long atSec) {
        return atSec < conversionUntil ? CLICK_BOOST : 1.0;
    }

    double upsellBoost(long atSec) {
        return atSec < upsellUntil ? CLICK_BOOST : 1.0;
    }

    /** E-mail campaigns starting today. {@code activity} is the user's current sessions per day. */
    void emails(List<Campaign> startingToday, BillingAccount billing, double activity, boolean dormant) {
        for (Campaign c : startingToday) {
            long sent = c.startSec() + r.nextInt(4 * 3600);
            if (sent < ctx.profile().signupSec() || !ctx.profile().marketingOptIn()
                    || billing.plan() != c.targetPlan() || !inAudience(c)) {
                continue;
            }
            event(c, "sent", sent);
            double open = dormant ? 0.05 : 0.18 + 0.25 * Math.min(1.0, activity / 0.6);
            if (Rng.chance(r, open)) {
                long opened = sent + 60 + (long) Rng.exponential(r, 5 * 3600);
                event(c, "opened", opened);
                if (Rng.chance(r, 0.3)) {
                    click(c, opened + 5 + (long) Rng.exponential(r, 180), billing);
                }
            }
        }
    }

    /** In-app campaigns: evaluated once, at the first session while they run. */
    void session(long startSec, BillingAccount billing) {
        while (nextInApp < inApp.size() && inApp.get(nextInApp).startSec() <= startSec) {
            pendingInApp.add(inApp.get(nextInApp++));
        }
        for (int i = 0; i < pendingInApp.size(); i++) {
            Campaign c = pendingInApp.get(i);
            if (c.activeAt(startSec) && billing.plan() == c.targetPlan() && inAudience(c)) {
                long shown = startSec + 5 + r.nextInt(60);
                event(c, "sent", shown);
                if (Rng.chance(r, 0.6)) {
                    event(c, "opened", shown + 1);
                    if (Rng.chance(r, 0.25)) {
                        click(c, shown + 3 + r.nextInt(30), billing);
                    }
                }
            }
        }
        pendingInApp.clear();
    }

    /** Attribution of plan changes to a clicked campaign. */
    void planChanged(Plan from, Plan to, long atSec) {
        if (from == Plan.FREE && to.paid() && atSec < conversionUntil) {
            event(conversionCampaign, "converted", atSec);
            conversionUntil = Long.MIN_VALUE;
        } else if (from == Plan.PREMIUM && to == Plan.ENTERPRISE && atSec < upsellUntil) {
            event(upsellCampaign, "converted", atSec);
            upsellUntil = Long.MIN_VALUE;
        }
        if (!to.paid()) {
            retentionUntil = Long.MIN_VALUE;
        }
    }

    void renewed(long atSec) {
        if (atSec < retentionUntil) {
            event(retentionCampaign, "converted", atSec);
            retentionUntil = Long.MIN_VALUE;
        }
    }

    private boolean inAudience(Campaign c) {
        SplittableRandom assignment = Rng.stream(ctx.seed(), Rng.Stream.CAMPAIGN_ASSIGNMENT, ctx.profile().userId(), c.id());
        return Rng.chance(assignment, AUDIENCE_SHARE);
    }

    private void click(Campaign c, long at, BillingAccount billing) {
        event(c, "clicked", at);
        switch (c.goal()) {
            case CONVERSION -> {
                conversionCampaign = c.id();
                conversionUntil = at + BOOST_SECONDS;
            }
            case UPSELL -> {
                upsellCampaign = c.id();
                upsellUntil = at + BOOST_SECONDS;
            }
            case RETENTION -> {
                retentionCampaign = c.id();
                retentionUntil = at + RETENTION_WINDOW;
                billing.retain(ctx.clock().dayOf(at));
            }
        }
    }

    private void event(Campaign c, String type, long at) {
        event(c.id(), type, at);
    }

    private void event(long campaignId, String type, long at) {
        if (ctx.beforeAsOf(at)) {
            ctx.out().add(new MarketingRows.CampaignEvent(ctx.out().next(UserLife.Sequence.CAMPAIGN_EVENT),
                    campaignId, ctx.profile().userId(), type, at));
        }
    }
}
