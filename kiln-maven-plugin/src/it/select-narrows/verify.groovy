def log = new File(basedir, 'build.log').text
assert log.contains('kiln build: 2 nodes')
assert log.contains('OK seed raw.customers')
assert log.contains('OK table main.stg_customers [CREATE TABLE (3 rows)')
assert !log.contains('plan_counts')
assert !log.contains('accepted_values')
assert log.contains('BUILD SUCCESS')
