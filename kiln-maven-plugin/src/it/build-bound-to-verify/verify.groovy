// mvn verify on a module that binds kiln:build (default phase: verify), with <vars> from the POM
def log = new File(basedir, 'build.log').text
assert log.contains(':build (default) @ build-bound-to-verify')
assert log.contains('Kiln project shop')
assert log.contains('kiln build: 6 nodes')
assert log.contains('OK seed raw.customers')
assert log.contains('OK table main.stg_customers [CREATE TABLE (2 rows)') // <min_id>2</min_id> applied
assert log.contains('PASS test accepted_values_stg_customers_plan__free__premium')
assert log.contains('PASS=6 WARN=0 ERROR=0 SKIP=0 TOTAL=6')
assert log.contains('BUILD SUCCESS')
assert new File(basedir, 'target/run_results.json').isFile()
assert new File(basedir, 'target/shop.duckdb').isFile()
