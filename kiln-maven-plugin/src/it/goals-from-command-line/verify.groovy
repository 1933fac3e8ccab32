def log = new File(basedir, 'build.log').text
assert log.contains(':help (default-cli)')
assert log =~ /Compiled 6 nodes of project shop/
assert log.contains('[INFO] shop.stg_customers')                       // kiln:ls
assert log.contains('[INFO] shop.plan_counts')
assert log.contains('kiln seed: 1 node')
assert log.contains('1 of 1 OK seed raw.customers')
assert log.contains('kiln run: 2 nodes')
assert log.contains('kiln test: 3 nodes')
assert log.contains('kiln build: 6 nodes')
assert log.contains(':build (default-cli) @ goals-from-command-line')
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')
