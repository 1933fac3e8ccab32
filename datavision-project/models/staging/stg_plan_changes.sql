-- One row per plan change, typed; enums lower-cased.
select distinct
    cast(plan_change_id as bigint)                  as plan_change_id,
    cast(user_id as bigint)                         as user_id,
    ${clean_code('from_plan')}                      as from_plan,
    ${clean_code('to_plan')}                        as to_plan,
    ${clean_code('change_type')}                    as change_type,
    changed_at
from ${source('raw', 'plan_changes')}
