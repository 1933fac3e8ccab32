-- One row per user and calendar month (from the signup month to the last month before as_of,
-- while the user had a plan): contents created that month against the monthly limit of the
-- plan the user was on at the end of the month (or when the account closed).
-- share_used is NULL on unlimited plans; near_limit from ${var('near_limit_share')} of the limit.
with months as (
    ${month_spine("cast(date_trunc('month', " + as_of_date() + " - interval '" + var('history_months', 18) + "' month) as date)",
                  "cast(date_trunc('month', " + as_of_date() + " - interval '1' day) as date)")}
),
stints as (
    select user_id, plan_name, monthly_content_limit, valid_from,
           coalesce(valid_to, ${as_of_ts()}) as valid_until
    from ${ref('dim_user_plan_history')}
),
plan_at_month_end as (
    -- the last stint that overlaps the month
    select user_id, month_start, plan_name, monthly_content_limit
    from (
        select
            s.user_id,
            m.month_start,
            s.plan_name,
            s.monthly_content_limit,
            row_number() over (partition by s.user_id, m.month_start order by s.valid_from desc) as latest
        from months m
        join stints s
          on s.valid_from < ${dateadd('month', 1, 'm.month_start')}
         and s.valid_until > m.month_start
    ) ranked
    where latest = 1
),
created as (
    select creator_id as user_id, created_month as month_start, count(*) as contents_created
    from ${ref('fct_content_created')}
    group by creator_id, created_month
)
select
    p.user_id,
    p.month_start                                                       as usage_month,
    p.plan_name,
    p.monthly_content_limit,
    coalesce(c.contents_created, 0)                                     as contents_created,
    ${ratio('coalesce(c.contents_created, 0)', 'p.monthly_content_limit')} as share_used,
    case when p.monthly_content_limit is null then null
         else greatest(p.monthly_content_limit - coalesce(c.contents_created, 0), 0) end as remaining,
    coalesce(coalesce(c.contents_created, 0) >= ${var('near_limit_share')} * p.monthly_content_limit, false) as near_limit,
    coalesce(coalesce(c.contents_created, 0) >= p.monthly_content_limit, false) as at_limit,
    p.month_start = cast(date_trunc('month', ${as_of_date()} - interval '1' day) as date) as is_last_month
from plan_at_month_end p
left join created c on c.user_id = p.user_id and c.month_start = p.month_start
