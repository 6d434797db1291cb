// The in-memory testkit, the API and the adapter bring no test-database or logging machinery.
def tree = new File(basedir, 'dependency-tree.txt')
assert tree.isFile() : "no dependency tree was written"
def text = tree.text
println text
assert text.contains('dev.graphileworker:worker-testkit:jar') : 'the testkit is in the tree'
assert text.contains('dev.graphileworker:worker-postgres-adapter:jar') : 'the adapter is in the tree'
['org.testcontainers', 'io.zonky', 'ch.qos.logback', 'junit:junit', 'dev.graphileworker:worker-testkit-postgres'].each {
    assert !text.contains(it) : "${it} must not reach a user of the in-memory testkit:\n${text}"
}
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.greetings.GreetingTasksTest.xml')
assert report.isFile() && report.text.contains('tests="1"') && report.text.contains('failures="0"')
return true
