package dev.datavision.raw;

/**
 * The three DataVision plans, with their price and monthly content limit.
 *
 * <p>The limit counts contents created per calendar month (UTC), whatever their status;
 * {@code -1} means unlimited and is written as {@code NULL} in {@code plans.monthly_content_limit}.
 */
enum Plan {
    FREE(1, "free", 0, 5, 1, 0.0),
    PREMIUM(2, "premium", 1200, 50, 5, 0.11),
    ENTERPRISE(3, "enterprise", 4900, -1, 50, 0.075);

    final int id;
    final String code;
    final long priceCents;
    final int monthlyContentLimit;
    final int maxCollaborators;
    /** Base monthly probability that a paid stint is cancelled voluntarily. */
    final double baseMonthlyChurn;

    Plan(int id, String code, long priceCents, int monthlyContentLimit, int maxCollaborators, double baseMonthlyChurn) {
        this.id = id;
        this.code = code;
        this.priceCents = priceCents;
        this.monthlyContentLimit = monthlyContentLimit;
        this.maxCollaborators = maxCollaborators;
        this.baseMonthlyChurn = baseMonthlyChurn;
    }

    boolean paid() {
        return this != FREE;
    }

    boolean limited() {
        return monthlyContentLimit >= 0;
    }
}
