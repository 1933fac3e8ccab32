package dev.datavision.raw;

/**
 * The static attributes of one simulated user, drawn once from the user's own random streams.
 *
 * @param userId           1-based, in signup order
 * @param signupSec        signup time, epoch seconds UTC
 * @param persona          hidden behaviour type (ground truth only)
 * @param country          index into {@link Vocabulary#COUNTRIES}: where the user really is
 * @param countryMissing   the profile's country field was left empty (raw {@code users.country} is NULL)
 * @param fullName         display name
 * @param email            clean, lower-case e-mail address (defects are applied when writing)
 * @param channel          acquisition channel
 * @param referrerId       referring user, 0 when none
 * @param marketingOptIn   whether e-mail campaigns may target the user
 * @param device           index into {@link Vocabulary#DEVICES}: the device mostly used
 * @param engagement       individual multiplier on the persona's session rate
 * @param contentsPerMonth contents the user would like to create per month (before plan limits)
 * @param favoriteCategory index into {@link Vocabulary#CATEGORIES}
 * @param secondCategory   index into {@link Vocabulary#CATEGORIES}, different from the favorite
 * @param skill            0..1, drives the quality of what the user creates
 * @param priceSensitivity multiplier on the voluntary churn hazard of paid stints
 * @param paymentRisk      extra probability that a renewal payment fails
 * @param paymentMethod    {@code card} or {@code paypal}
 */
record UserProfile(
        long userId,
        long signupSec,
        Persona persona,
        int country,
        boolean countryMissing,
        String fullName,
        String email,
        String channel,
        long referrerId,
        boolean marketingOptIn,
        int device,
        double engagement,
        double contentsPerMonth,
        int favoriteCategory,
        int secondCategory,
        double skill,
        double priceSensitivity,
        double paymentRisk,
        String paymentMethod) {

    String countryCode() {
        return Vocabulary.COUNTRIES[country];
    }

    int utcOffsetHours() {
        return Vocabulary.COUNTRY_UTC_OFFSETS[country];
    }
}
