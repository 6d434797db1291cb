package dev.graphileworker.postgres.internal.schema;

import dev.graphileworker.api.WorkerException;
import java.nio.charset.StandardCharsets;

/**
 * The name of the schema that holds graphile-worker's tables and functions, as it goes into SQL
 * text. Identifiers cannot be bind parameters, so every statement that names the schema must use
 * {@link #quote(String)}; values are always bind parameters.
 */
public final class SchemaName {

    /** PostgreSQL silently truncates longer names (NAMEDATALEN - 1 bytes). */
    static final int MAX_BYTES = 63;

    private SchemaName() {}

    /**
     * Quotes an identifier for SQL text: wraps it in double quotes and doubles any double quote
     * inside, so that names with capitals, spaces or quotes are taken literally.
     *
     * @param identifier the schema name as the user wrote it (not quoted)
     * @return the quoted identifier, for example {@code "graphile_worker"} or {@code "My ""Jobs"""}
     * @throws WorkerException if the name is empty, contains a NUL character or is longer than
     *     PostgreSQL allows
     */
    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new WorkerException("The schema name must not be empty.");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new WorkerException("The schema name must not contain a NUL character.");
        }
        int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new WorkerException(
                    "The schema name '" + identifier + "' is " + bytes + " bytes long; PostgreSQL names"
                            + " are limited to " + MAX_BYTES + " bytes. Choose a shorter schema name.");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The inverse of {@link #quote(String)}.
     *
     * @param quoted an identifier as {@link #quote(String)} writes it
     * @return the name as the user wrote it
     * @throws IllegalArgumentException when {@code quoted} is not such an identifier
     */
    public static String unquote(String quoted) {
        if (quoted == null || quoted.length() < 3 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"'
                || quoted.substring(1, quoted.length() - 1).replace("\"\"", "").contains("\"")) {
            throw new IllegalArgumentException("Not a quoted identifier: " + quoted);
        }
        return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    }
}
