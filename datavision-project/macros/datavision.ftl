<#-- DataVision helpers, auto-included in every model and test.
     They render plain SQL that DuckDB (dev) and Athena/Trino (prod) both accept; where the two
     differ the branch is on target.type. -->

<#-- The as_of instant (exclusive end of the history), as a timestamp literal. -->
<#function as_of_ts>
  <#return "timestamp '" + var('as_of') + " 00:00:00'">
</#function>

<#-- The as_of day as a date literal (the first day NOT in the history). -->
<#function as_of_date>
  <#return "date '" + var('as_of') + "'">
</#function>

<#-- The timestamp `days` days before as_of. -->
<#function days_before_as_of days>
  <#return "(" + as_of_ts() + " - interval '" + days + "' day)">
</#function>

<#-- A ratio as a double, NULL when the denominator is 0 or NULL. -->
<#function ratio numerator denominator>
  <#return "(cast(" + numerator + " as double) / nullif(cast(" + denominator + " as double), 0))">
</#function>

<#-- Clamps an expression into [0, 1]. -->
<#function clamp01 expr>
  <#return "least(1.0, greatest(0.0, cast(" + expr + " as double)))">
</#function>

<#-- ISO day of week of a date or timestamp: 1 = Monday … 7 = Sunday. -->
<#function iso_day_of_week expr>
  <#if target.type == "duckdb">
    <#return "isodow(" + expr + ")">
  <#else>
    <#return "day_of_week(" + expr + ")">
  </#if>
</#function>

<#-- One row per day, column `date_day`, from start_date to end_date inclusive (SQL date expressions). -->
<#function date_spine start_date end_date>
  <#if target.type == "duckdb">
    <#return "select cast(d as date) as date_day from range(cast(" + start_date + " as timestamp), cast(" + end_date + " as timestamp) + interval 1 day, interval 1 day) as t(d)">
  <#else>
    <#return "select date_day from unnest(sequence(" + start_date + ", " + end_date + ", interval '1' day)) as t(date_day)">
  </#if>
</#function>

<#-- One row per month start, column `month_start`, from start_month to end_month inclusive (SQL date expressions). -->
<#function month_spine start_month end_month>
  <#if target.type == "duckdb">
    <#return "select cast(m as date) as month_start from range(cast(" + start_month + " as timestamp), cast(" + end_month + " as timestamp) + interval 1 day, interval 1 month) as t(m)">
  <#else>
    <#return "select month_start from unnest(sequence(" + start_month + ", " + end_month + ", interval '1' month)) as t(month_start)">
  </#if>
</#function>

<#-- Whole months from the month of `start_expr` to the month of `end_expr`. -->
<#function months_between start_expr end_expr>
  <#return "date_diff('month', date_trunc('month', " + start_expr + "), date_trunc('month', " + end_expr + "))">
</#function>

<#-- Lower-cased, trimmed text; empty text becomes NULL. -->
<#function clean_code expr>
  <#return "nullif(lower(trim(" + expr + ")), '')">
</#function>

<#-- The raw-layer relation of one operational table. By default (var raw_layer = 'loaded') the
     table `kiln load` lands from DataVision's operational systems: the application database
     (source app), the marketing API (source marketing) or the sessions log (source logs). With
     raw_layer = 'export' it is the generator's Parquet export read in place (source raw), the path
     DataVision took before loads; the marts are the same either way (RawLayerParityTest). -->
<#function raw_table name>
  <#local layer = var('raw_layer', 'loaded')>
  <#if layer == "export">
    <#return source('raw', name)>
  <#elseif layer != "loaded">
    <#stop "var raw_layer must be 'loaded' or 'export', got '" + layer + "'">
  <#elseif name == "campaigns" || name == "campaign_events">
    <#return source('marketing', name)>
  <#elseif name == "sessions">
    <#return source('logs', name)>
  <#else>
    <#return source('app', name)>
  </#if>
</#function>

<#-- Incremental models: the start of the look-back window, the newest `column` value the model's
     table holds minus `days` days (a scalar subquery on ${this}). A run re-reads the rows from
     there on (late and re-delivered rows). DuckDB turns the comparison into a filter on the scan
     (a "dynamic filter"), which skips the Parquet row groups and table row groups that end before
     it, as the inputs are stored in time order (see stored_in_time_order). -->
<#function lookback_start column days=3>
  <#return "(select " + dateadd('day', -days, 'max(' + column + ')') + " from " + this + ")">
</#function>

<#-- The incremental_predicates of a model merged on a key whose `column` never changes (a session's
     start, an interaction's or a payment's time): the table rows a merge may match are those in the
     look-back window, so on DuckDB the merge reads and updates only the table's last row groups
     instead of joining the new rows against the whole table. Every new row is in that window and a
     key's time never changes, so the merge matches the same rows as without the predicate. Other
     targets (Trino, Athena) keep the plain merge (an empty list). -->
<#function lookback_predicates column days=3>
  <#if target.type == "duckdb">
    <#-- ${this} cannot go in a config value (its relation is filled in for the SQL only): the
         table is named by schema and identifier, in the database the DuckDB target opened. -->
    <#local table = '"' + this.schema?replace('"', '""') + '"."' + this.identifier?replace('"', '""') + '"'>
    <#return ["kiln_dest." + column + " >= (select " + dateadd('day', -days, 'max(' + column + ')') + " from " + table + ")"]>
  <#else>
    <#return []>
  </#if>
</#function>

<#-- `order by column` on DuckDB, nothing elsewhere: the large incremental tables are written in
     time order, so each of DuckDB's row groups covers a short time range and a filter on the newest
     days (the next model's look-back, a merge's predicate) skips the others. Rows merged later
     are the newest and land at the end, which keeps the order. Trino and Athena do not keep the
     order of a CTAS, so they are not asked to sort. -->
<#function stored_in_time_order column>
  <#if target.type == "duckdb">
    <#return "order by " + column>
  <#else>
    <#return "">
  </#if>
</#function>
