package dev.datavision.raw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything one user's simulation produced: rows per table with local ids, how many ids of each
 * sequence it used, its ground truth, and a compact list of its pre-as_of sessions (used again to
 * generate the user's content interactions).
 */
final class UserLife {

    /** The id sequences a user's rows draw from. */
    enum Sequence { SUBSCRIPTION, PLAN_CHANGE, PAYMENT, CONTENT, SESSION, CAMPAIGN_EVENT, INTERACTION }

    final UserProfile profile;
    private final boolean keepRows;
    private final List<List<Row>> rows = new ArrayList<>();
    private final int[] used = new int[Sequence.values().length];

    private long[] sessionStart = new long[16];
    private long[] sessionEnd = new long[16];
    private float[] sessionIntensity = new float[16];
    private int sessions;

    /**
     * @param profile  the simulated user
     * @param keepRows false when only the sessions are wanted (the interaction pass re-simulates)
     */
    UserLife(UserProfile profile, boolean keepRows) {
        this.profile = profile;
        this.keepRows = keepRows;
        for (int i = 0; i < Table.values().length; i++) {
            rows.add(new ArrayList<>(0));
        }
    }

    int next(Sequence sequence) {
        return used[sequence.ordinal()]++;
    }

    int used(Sequence sequence) {
        return used[sequence.ordinal()];
    }

    void add(Row row) {
        if (keepRows) {
            rows.get(row.table().ordinal()).add(row);
        }
    }

    List<Row> rows(Table table) {
        return rows.get(table.ordinal());
    }

    /** Records a session that ended before as_of; returns its local id. */
    int session(long start, long end, double intensity) {
        if (sessions == sessionStart.length) {
            int n = sessions * 2;
            sessionStart = Arrays.copyOf(sessionStart, n);
            sessionEnd = Arrays.copyOf(sessionEnd, n);
            sessionIntensity = Arrays.copyOf(sessionIntensity, n);
        }
        sessionStart[sessions] = start;
        sessionEnd[sessions] = end;
        sessionIntensity[sessions] = (float) intensity;
        sessions++;
        return next(Sequence.SESSION);
    }

    int sessionCount() {
        return sessions;
    }

    long sessionStart(int i) {
        return sessionStart[i];
    }

    long sessionEnd(int i) {
        return sessionEnd[i];
    }

    double sessionIntensity(int i) {
        return sessionIntensity[i];
    }
}
