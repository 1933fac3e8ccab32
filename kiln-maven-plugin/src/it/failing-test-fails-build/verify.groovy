// a failing data test fails the build, with a summary naming the test, where it is declared, and why
def log = new File(basedir, 'build.log').text
assert log.contains('FAIL test accepted_values_stg_customers_plan__free__premium')
assert log.contains('SKIP table main.plan_counts')
assert log.contains('BUILD FAILURE')
assert log.contains('kiln:build failed with 1 test failure (6 nodes).')
assert log.contains('Failure in test accepted_values_stg_customers_plan__free__premium (models/schema.yml:9:13)')
assert log.contains('Got 1 result, configured to fail if != 0')
assert log.contains('MojoFailureException')
