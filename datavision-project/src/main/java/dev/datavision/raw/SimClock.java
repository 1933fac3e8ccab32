package dev.datavision.raw;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The simulated calendar: {@code HISTORY_MONTHS} months of history before {@code asOf}, plus a
 * {@code TRUTH_WINDOW_DAYS}-day window after it that is simulated for the ground truth only.
 *
 * <p>Days are indexed from the history start (day 0); times are epoch seconds, UTC. The raw layer
 * contains only what happened strictly before {@code asOf} 00:00 UTC.
 */
final class SimClock {

    static final int HISTORY_MONTHS = 18;
    static final int TRUTH_WINDOW_DAYS = 30;
    static final long DAY = 86_400L;

    private final LocalDate asOf;
    private final LocalDate start;
    private final long startSec;
    private final int asOfDay;
    private final int endDay;
    private final int[] monthOfDay;
    private final boolean[] weekend;

    SimClock(LocalDate asOf) {
        this.asOf = asOf;
        this.start = asOf.minusMonths(HISTORY_MONTHS);
        this.startSec = start.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        this.asOfDay = (int) (asOf.toEpochDay() - start.toEpochDay());
        this.endDay = asOfDay + TRUTH_WINDOW_DAYS;
        this.monthOfDay = new int[endDay + 400];
        this.weekend = new boolean[endDay + 400];
        for (int d = 0; d < monthOfDay.length; d++) {
            LocalDate date = start.plusDays(d);
            monthOfDay[d] = date.getYear() * 12 + date.getMonthValue() - 1;
            weekend[d] = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
        }
    }

    LocalDate asOf() {
        return asOf;
    }

    LocalDate start() {
        return start;
    }

    long startSec() {
        return startSec;
    }

    long asOfSec() {
        return startSec + asOfDay * DAY;
    }

    /** End (exclusive) of the truth window: {@code asOf + 30 days}. */
    long truthEndSec() {
        return startSec + endDay * DAY;
    }

    int asOfDay() {
        return asOfDay;
    }

    /** First day not simulated any more. */
    int endDay() {
        return endDay;
    }

    long daySec(int day) {
        return startSec + day * DAY;
    }

    int dayOf(long sec) {
        return (int) Math.floorDiv(sec - startSec, DAY);
    }

    int month(int day) {
        return monthOfDay[day];
    }

    boolean weekend(int day) {
        return weekend[day];
    }

    LocalDate date(int day) {
        return start.plusDays(day);
    }

    int dayOf(LocalDate date) {
        return (int) (date.toEpochDay() - start.toEpochDay());
    }
}
