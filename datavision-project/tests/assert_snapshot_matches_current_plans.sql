<@config severity="warn" />
-- The snapshot's current versions agree with the plans users are on at as_of. A disagreement
-- after the raw layer was regenerated with another seed or scale means the snapshot still holds
-- the old users' history: start over by deleting target/datavision.duckdb (or drop snapshots.user_plan_snapshot).
select coalesce(c.user_id, s.user_id) as user_id, c.plan_name as plan_now, s.plan_name as plan_in_snapshot
from ${ref('int_user_plan_current')} c
full outer join (select * from ${ref('user_plan_snapshot')} where kiln_valid_to is null) s on s.user_id = c.user_id
where c.user_id is null or s.user_id is null or c.plan_name <> s.plan_name
