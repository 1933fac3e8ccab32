-- A user's plan stints form one unbroken timeline: each stint ends exactly when the next one
-- starts, and only the last one may be open. Returns the stints that break it.
with stints as (
    select
        user_id, subscription_id, stint_number, valid_from, valid_to,
        lead(valid_from) over (partition by user_id order by stint_number) as next_valid_from
    from ${ref('dim_user_plan_history')}
)
select *
from stints
where (next_valid_from is not null and (valid_to is null or valid_to <> next_valid_from))
   or (next_valid_from is null and valid_to is not null and valid_to < valid_from)
