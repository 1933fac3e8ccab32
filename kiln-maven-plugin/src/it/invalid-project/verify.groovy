// an invalid project is a build error listing every diagnostic as file:line:col; nothing ran
def log = new File(basedir, 'build.log').text
assert log.contains('The project has 1 error.')
assert log.contains("models/broken.sql:2:6: error: ref('missing_model') names no model, seed or snapshot.")
assert log.contains('MojoExecutionException')
assert !log.contains('kiln build:')
