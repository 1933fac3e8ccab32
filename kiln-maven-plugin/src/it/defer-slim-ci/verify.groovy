def log = new File(basedir, 'build.log').text
// 1: production, everything, artifacts in prod-state/
assert log.contains('kiln build: 3 nodes')
assert log.contains('OK table prod.plan_counts')
assert new File(basedir, 'prod-state/manifest.json').isFile()
// 2: the pull request, only the change, upstream read from production
assert log.contains('target ci (duckdb), deferring to ')
assert log.contains('kiln build: 1 node')
assert log.contains('1 of 1 OK table ci.plan_counts [CREATE TABLE (2 rows)')
assert !log.contains('ci.stg_customers')
def sql = new File(basedir, 'target/compiled/shop/models/plan_counts.sql').text
assert sql.contains('from "shop"."prod"."stg_customers"')
assert !sql.contains('"ci"')
def manifest = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/manifest.json'))
assert manifest.nodes['model.shop.stg_customers'].defer_relation.schema == 'prod'
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')
