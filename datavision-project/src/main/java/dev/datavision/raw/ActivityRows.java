package dev.datavision.raw;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Rows of the activity family: {@code sessions}, {@code contents}, {@code content_interactions}, {@code content_truth}. */
final class ActivityRows {

    private ActivityRows() {
    }

    /** A login session; {@code endSec} may be NULL_TIME (documented defect). */
    record Session(int localId, long userId, long startSec, long endSec, String device, String country) implements Row {

        @Override
        public Table table() {
            return Table.SESSIONS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.session() + localId);
            a.append(userId);
            Row.time(a, startSec);
            Row.time(a, endSec);
            a.append(device);
            a.append(country);
        }
    }

    /**
     * A content as of as_of. {@code publishSec}/{@code archiveSec} are the simulated times (possibly after
     * as_of); {@code status} and {@code publishedAtSec} are what the raw row shows.
     */
    record Content(int localId, long creatorId, int contentType, String title, int category, String status,
                   long createdSec, long publishedAtSec, long updatedSec, long publishSec, long archiveSec,
                   double quality) implements Row {

        @Override
        public Table table() {
            return Table.CONTENTS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.content() + localId);
            a.append(creatorId);
            a.append(Vocabulary.CONTENT_TYPES[contentType]);
            a.append(title);
            a.append(Vocabulary.CATEGORIES[category]);
            a.append(status);
            Row.time(a, createdSec);
            Row.time(a, publishedAtSec);
            Row.time(a, updatedSec);
        }
    }

    /** The latent quality of a content (drives how often it is picked, liked, completed). */
    record ContentTruth(int localId, long creatorId, double quality) implements Row {

        @Override
        public Table table() {
            return Table.CONTENT_TRUTH;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.content() + localId);
            a.append(creatorId);
            a.append(quality);
        }
    }

    /** A view, like, share or complete; {@code durationSeconds} is -1 for NULL. */
    record Interaction(int localId, long userId, long contentId, int sessionLocalId, String type, long atSec,
                       int durationSeconds) implements Row {

        @Override
        public Table table() {
            return Table.CONTENT_INTERACTIONS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.interaction() + localId);
            a.append(userId);
            a.append(contentId);
            a.append(ids.session() + sessionLocalId);
            a.append(type);
            Row.time(a, atSec);
            if (durationSeconds < 0) {
                a.appendNull();
            } else {
                a.append(durationSeconds);
            }
        }
    }
}
