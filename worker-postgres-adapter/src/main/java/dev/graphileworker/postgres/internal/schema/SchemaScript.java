package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SQL scripts shipped next to this class, rendered for one schema. */
enum SchemaScript {
    /** Tables, type, view and the admin functions of revision 20. */
    TABLES_AND_ADMIN_FUNCTIONS("install.sql"),
    /** {@code add_jobs} and {@code add_job} of revision 20: the whole of the upgrade from 19. */
    ADD_JOB_FUNCTIONS("add_job.sql");

    private static final Pattern DOLLAR_QUOTE_TAG = Pattern.compile("\\$[A-Za-z_0-9]*\\$");
    private static final String PLACEHOLDER = ":GRAPHILE_WORKER_SCHEMA";

    private final String resource;

    SchemaScript(String resource) {
        this.resource = resource;
    }

    /** @return the scripts of a fresh install of the current revision, in order */
    static List<SchemaScript> install() {
        return List.of(TABLES_AND_ADMIN_FUNCTIONS, ADD_JOB_FUNCTIONS);
    }

    /** @return the scripts that take revision {@code revision - 1} to {@code revision} */
    static List<SchemaScript> upgradeTo(int revision) {
        if (revision == 20) {
            return List.of(ADD_JOB_FUNCTIONS);
        }
        throw new IllegalArgumentException("No upgrade script to revision " + revision);
    }

    /**
     * @param quotedSchema the schema name, quoted as an identifier
     * @return the script with the schema name put in place of {@code :GRAPHILE_WORKER_SCHEMA}
     * @throws WorkerException if the name contains a dollar-quote tag that the script uses, which
     *     would end a function body early
     */
    String renderFor(String quotedSchema) {
        String template = text();
        Matcher tags = DOLLAR_QUOTE_TAG.matcher(template);
        while (tags.find()) {
            if (quotedSchema.contains(tags.group())) {
                throw new WorkerException("The schema name " + quotedSchema + " contains '" + tags.group()
                        + "', which graphile-worker's SQL uses to quote function bodies;"
                        + " choose a schema name without it.");
            }
        }
        return template.replace(PLACEHOLDER, quotedSchema);
    }

    private String text() {
        try (InputStream in = SchemaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + " next to " + SchemaScript.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}
