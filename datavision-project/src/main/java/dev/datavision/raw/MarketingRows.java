package dev.datavision.raw;

import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Rows of the marketing family: {@code campaigns} and {@code campaign_events}. */
final class MarketingRows {

    private MarketingRows() {
    }

    /** A campaign of the calendar. */
    record CampaignRow(Campaign campaign) implements Row {

        @Override
        public Table table() {
            return Table.CAMPAIGNS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(campaign.id());
            a.append(campaign.name());
            a.append(campaign.channel());
            a.append(campaign.goal().code());
            a.append(campaign.targetPlan().code);
            Row.time(a, campaign.startSec());
            Row.time(a, campaign.endSec());
            Row.time(a, campaign.createdSec());
        }
    }

    /** sent, opened, clicked or converted. */
    record CampaignEvent(int localId, long campaignId, long userId, String type, long atSec) implements Row {

        @Override
        public Table table() {
            return Table.CAMPAIGN_EVENTS;
        }

        @Override
        public void appendTo(DuckDBAppender a, IdBase ids) throws SQLException {
            a.append(ids.campaignEvent() + localId);
            a.append(campaignId);
            a.append(userId);
            a.append(type);
            Row.time(a, atSec);
        }
    }
}
