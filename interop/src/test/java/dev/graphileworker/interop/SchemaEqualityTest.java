package dev.graphileworker.interop;

import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our install of the schema is the one graphile-worker 0.18.0 makes: tables, columns, types,
 * defaults, constraints, indexes, sequences, the view, function signatures and the migration
 * ledger. Only function bodies may differ.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class SchemaEqualityTest {

    private final TestDatabase database;
    private final NodeScripts node = NodeScripts.locate();

    SchemaEqualityTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void ourInstallEqualsTheInstallOfNodeGraphileWorker018() throws Exception {
        TestDatabase ours = database.createDatabase();
        TestDatabase theirs = database.createDatabase();
        JavaWorker.installSchema(ours);
        node.graphileWorker(NodeRelease.V0_18, theirs).installSchema();

        assertSameSchema(theirs, "graphile-worker 0.18.0 install", ours, "our install");
    }

    @Test
    void nodeGraphileWorker017InstallUpgradedByUsEqualsTheInstallOf018() throws Exception {
        TestDatabase upgraded = database.createDatabase();
        TestDatabase theirs = database.createDatabase();
        node.graphileWorker(NodeRelease.V0_17, upgraded).installSchema();
        JavaWorker.installSchema(upgraded);
        node.graphileWorker(NodeRelease.V0_18, theirs).installSchema();

        assertSameSchema(theirs, "graphile-worker 0.18.0 install", upgraded,
                "graphile-worker 0.17.3 install upgraded by us");
    }

    private static void assertSameSchema(TestDatabase expected, String expectedName, TestDatabase actual,
            String actualName) throws Exception {
        SchemaDump dump = SchemaDump.forServerOf(expected);
        List<String> expectedSchema = dump.of(expected);
        List<String> actualSchema = dump.of(actual);
        String diff = UnifiedDiff.between(expectedName, expectedSchema, actualName, actualSchema);
        if (!diff.isEmpty()) {
            throw new AssertionError("The graphile_worker schemas differ (pg_dump --schema-only, function bodies"
                    + " left out, then the migration ledger):\n" + diff);
        }
    }
}
