package dev.datavision.raw;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Rows of the billing family: {@code plans}, {@code subscriptions}, {@code plan_changes}, {@code payments}. */
final class BillingRows {

    private BillingRows() {
    }

    /** One plan of the catalogue. */
    record PlanRow(Plan plan, long createdSec) implements Row {

        @Override
        public Table table() {
            return Table.PLANS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append((long) plan.id);
            a.append(plan.code);
            a.appendDecimal(plan.priceCents);
            a.append("USD");
            if (plan.limited()) {
                a.append(plan.monthlyContentLimit);
            } else {
                a.appendNull();
            }
            a.append(plan.maxCollaborators);
            Row.time(a, createdSec);
            Row.time(a, createdSec);
        }
    }

    /** A period on one plan; {@code endSec} is NULL_TIME while active at as_of. */
    record Subscription(int localId, long userId, Plan plan, String status, long startSec, long endSec,
                        String cancelReason) implements Row {

        @Override
        public Table table() {
            return Table.SUBSCRIPTIONS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.subscription() + localId);
            a.append(userId);
            a.append((long) plan.id);
            a.append(status);
            Row.time(a, startSec);
            Row.time(a, endSec);
            Row.text(a, cancelReason);
        }
    }

    /** An upgrade, downgrade or cancellation. */
    record PlanChange(int localId, long userId, Plan from, Plan to, String changeType, long atSec) implements Row {

        @Override
        public Table table() {
            return Table.PLAN_CHANGES;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.planChange() + localId);
            a.append(userId);
            a.append(from.code);
            a.append(to.code);
            a.append(changeType);
            Row.time(a, atSec);
        }
    }

    /** A payment attempt; status and currency may carry the documented case defects. */
    record Payment(int localId, long userId, int subscriptionLocalId, long amountCents, String currency, String status,
                   long atSec, String failureReason, String method) implements Row {

        @Override
        public Table table() {
            return Table.PAYMENTS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.payment() + localId);
            a.append(userId);
            a.append(ids.subscription() + subscriptionLocalId);
            a.appendDecimal(amountCents);
            a.append(currency);
            a.append(status);
            Row.time(a, atSec);
            Row.text(a, failureReason);
            a.append(method);
        }
    }
}
