def log = new File(basedir, 'build.log').text
assert log.contains('Skipping kiln:build (kiln.skip)')
assert !log.contains('Kiln project shop')
assert log.contains('BUILD SUCCESS')
