package dev.datavision.raw;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Rows of the user family: {@code users} and the {@code user_truth} ground truth. */
final class UserRows {

    private UserRows() {
    }

    /** A version of a user record, as the operational database exported it. */
    record User(long userId, String email, String fullName, String country, long signupSec, String channel,
                long referrerId, boolean marketingOptIn, long updatedSec, boolean deleted) implements Row {

        @Override
        public Table table() {
            return Table.USERS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(userId);
            Row.text(a, email);
            a.append(fullName);
            Row.text(a, country);
            Row.time(a, signupSec);
            a.append(channel);
            Row.optionalId(a, referrerId);
            a.append(marketingOptIn);
            Row.time(a, updatedSec);
            a.append(deleted);
        }
    }

    /** What really happened to the user (see docs/datavision-raw.md for the exact definitions). */
    record Truth(long userId, String persona, String planAtAsOf, boolean payingAtAsOf, Boolean willChurn,
                 long churnSec, String churnType, long fadeStartSec, Boolean willConvert, long convertSec,
                 double propensityToConvert, boolean heavyFreeUser, int contentsLast90Days, Boolean willUpsell,
                 String favoriteCategory, double baseSessionsPerDay) implements Row {

        @Override
        public Table table() {
            return Table.USER_TRUTH;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(userId);
            a.append(persona);
            Row.text(a, planAtAsOf);
            a.append(payingAtAsOf);
            bool(a, willChurn);
            Row.time(a, churnSec);
            Row.text(a, churnType);
            Row.time(a, fadeStartSec);
            bool(a, willConvert);
            Row.time(a, convertSec);
            if (Double.isNaN(propensityToConvert)) {
                a.appendNull();
            } else {
                a.append(propensityToConvert);
            }
            a.append(heavyFreeUser);
            a.append(contentsLast90Days);
            bool(a, willUpsell);
            a.append(favoriteCategory);
            a.append(baseSessionsPerDay);
        }

        private static void bool(DuckDBAppender a, Boolean value) throws SQLException {
            if (value == null) {
                a.appendNull();
            } else {
                a.append(value.booleanValue());
            }
        }
    }
}
