package dev.datavision.raw;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * One output row. Rows produced by a user's simulation carry <em>local</em> ids (0, 1, 2… per user);
 * the writer turns them into global ids by adding the {@link IdBase} of that user, which is assigned
 * strictly in user order so that ids never depend on thread scheduling.
 */
interface Row {

    /** Timestamps use this value for SQL {@code NULL}. */
    long NULL_TIME = Long.MIN_VALUE;

    Table table();

    /** Appends the row's columns, in {@link Table#columns} order (begin/end row is the caller's job). */
    void appendTo(DuckDBAppender appender, IdBase ids) throws SQLException;

    /** Appends epoch seconds as a TIMESTAMP, or NULL. */
    static void time(DuckDBAppender a, long epochSeconds) throws SQLException {
        if (epochSeconds == NULL_TIME) {
            a.appendNull();
        } else {
            a.appendEpochMicros(epochSeconds * 1_000_000L);
        }
    }

    /** Appends a string or NULL. */
    static void text(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    /** Appends a positive id, or NULL for {@code id <= 0}. */
    static void optionalId(DuckDBAppender a, long id) throws SQLException {
        if (id <= 0) {
            a.appendNull();
        } else {
            a.append(id);
        }
    }

    /** First global id of each id sequence for the user being written (0 when unused). */
    record IdBase(long subscription, long planChange, long payment, long content, long session, long campaignEvent,
                  long interaction) {

        static final IdBase NONE = new IdBase(0, 0, 0, 0, 0, 0, 0);
    }
}
