package dev.kiln.hubspot;

import java.util.Map;

/**
 * One record to send: its id value, the hash of its mapped values (stored in the sync state
 * once HubSpot accepted it), whether the last sync did not have it, and the properties.
 *
 * @param key        the match column's value, as text
 * @param hash       the hash of the mapped values, as the state stores it
 * @param isNew      true when the sync state has no record with this key
 * @param properties HubSpot property → value, as HubSpot reads it ({@code ""} clears a property)
 */
record Change(String key, String hash, boolean isNew, Map<String, String> properties) {
}
