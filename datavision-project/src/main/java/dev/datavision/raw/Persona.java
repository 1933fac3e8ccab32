package dev.datavision.raw;

/**
 * Hidden behaviour types. A persona is drawn once per user and drives every rate of the simulation;
 * it is written to the ground truth only, never to the raw tables.
 */
enum Persona {
    //            share  sess/day weekend create/mo lapse/wk conv/mo ent.share views churnX
    DRIVE_BY(0.18, 0.80, 0.80, 0.3, 0.55, 0.003, 0.05, 1.0, 1.5),
    VIEWER(0.34, 0.35, 0.85, 0.25, 0.055, 0.008, 0.04, 2.2, 1.35),
    CASUAL_CREATOR(0.28, 0.40, 0.80, 2.0, 0.045, 0.016, 0.06, 1.5, 1.0),
    POWER_CREATOR(0.12, 0.70, 0.75, 9.0, 0.02, 0.035, 0.10, 1.6, 0.75),
    BUSINESS(0.08, 0.60, 0.30, 12.0, 0.02, 0.14, 0.60, 1.2, 0.6);

    final double share;
    final double sessionsPerDay;
    final double weekendFactor;
    final double contentsPerMonth;
    final double weeklyLapse;
    final double monthlyConversion;
    final double enterpriseShare;
    final double viewsPerSession;
    final double churnFactor;

    Persona(double share, double sessionsPerDay, double weekendFactor, double contentsPerMonth, double weeklyLapse,
            double monthlyConversion, double enterpriseShare, double viewsPerSession, double churnFactor) {
        this.share = share;
        this.sessionsPerDay = sessionsPerDay;
        this.weekendFactor = weekendFactor;
        this.contentsPerMonth = contentsPerMonth;
        this.weeklyLapse = weeklyLapse;
        this.monthlyConversion = monthlyConversion;
        this.enterpriseShare = enterpriseShare;
        this.viewsPerSession = viewsPerSession;
        this.churnFactor = churnFactor;
    }

    /** Sessions a typical active user of this persona has in a month; scales per-session probabilities. */
    double sessionsPerMonth() {
        return sessionsPerDay * 30 * (5 + 2 * weekendFactor) / 7;
    }

    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static final double[] SHARES;

    static {
        Persona[] all = values();
        SHARES = new double[all.length];
        for (int i = 0; i < all.length; i++) {
            SHARES[i] = all[i].share;
        }
    }

    static double[] shares() {
        return SHARES.clone();
    }
}
