-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per user: the latest version of each user row (the export re-delivers an older
-- version of some users), with e-mails trimmed and lower-cased and codes lower-cased.
select
    cast(user_id as bigint)                         as user_id,
    lower(trim(email))                              as email,
    trim(full_name)                                 as full_name,
    upper(trim(country))                            as country_code,
    signup_at                                       as signed_up_at,
    ${clean_code('acquisition_channel')}            as acquisition_channel,
    cast(referrer_id as bigint)                     as referrer_id,
    coalesce(marketing_opt_in, false)               as marketing_opt_in,
    coalesce(is_deleted, false)                     as is_deleted,
    updated_at
from (
    select u.*,
           row_number() over (partition by user_id order by updated_at desc, is_deleted desc, email) as version_rank
    from ${raw_table('users')} u
) latest
where version_rank = 1
