package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.admin.Activity;
import dev.graphileworker.api.admin.HistoryEntry;
import dev.graphileworker.api.admin.HistoryPage;
import dev.graphileworker.api.admin.JobFilter;
import dev.graphileworker.api.admin.PageRequest;
import dev.graphileworker.domain.admin.ActivityWindow;
import dev.graphileworker.domain.port.JobHistory;
import dev.graphileworker.postgres.internal.schema.HistorySchema;
import dev.graphileworker.postgres.internal.schema.SchemaName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads and prunes the history of finished jobs that this library's workers record (see
 * {@link HistorySchema}; the entries are written by {@link PostgresJobStore}). Reading works whether
 * history is kept or not: without the history table, every page is empty.
 *
 * <p>Pages are keyed on the entry id (keyset pagination): the cursor is the last entry id of the
 * previous page, and a page is found through the primary key at the same cost wherever it starts.
 * Filters on task, queue, job key and error text are bind parameters.
 */
public final class PostgresHistory implements JobHistory {

    /** undefined_table, invalid_schema_name: no history was ever kept. */
    private static final Set<String> NO_HISTORY = Set.of("42P01", "3F000");

    private static final String COLUMNS = "entry_id, job_id, task_identifier, queue_name, key, payload::text as payload,"
            + " attempts, outcome, last_error, worker_id, finished_at, extract(epoch from run_time)::float8 as run_seconds";

    /**
     * Reads the entries' payloads, made when the first page is read (a worker makes this class's
     * readers at start, and most never read a page). Payloads passed PostgreSQL's json check when they
     * were added, which bounds them; Jackson's own, lower limits would make some unreadable (as in the
     * worker's own mapper).
     */
    private static final class Payloads {
        static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                        .maxNumberLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE).build())
                .build());
    }

    private final DataSource dataSource;
    private final Duration retention;
    /** The quoted table name; null when the queue's schema name is too long to have a history. */
    private final String table;

    /**
     * A reader of the history.
     *
     * @param dataSource where the database is
     * @param queueSchema the queue's schema name, unquoted (for example {@code graphile_worker}); the
     *     history is in the schema named after it
     * @throws dev.graphileworker.api.WorkerException when the history schema's name would be too long
     */
    public PostgresHistory(DataSource dataSource, String queueSchema) {
        this(dataSource, null, HistorySchema.quotedNameFor(queueSchema) + "." + HistorySchema.TABLE);
    }

    /**
     * A reader of the history, for code that holds the queue's schema name quoted, as statements use it.
     *
     * @param dataSource where the database is
     * @param quotedQueueSchema the queue's schema name quoted as an identifier (for example
     *     {@code "graphile_worker"})
     * @return the reader of the history kept beside that schema; when the schema's name is too long to
     *     have one (no worker keeps history there), a reader of empty pages
     */
    public static PostgresHistory ofQuotedSchema(DataSource dataSource, String quotedQueueSchema) {
        try {
            return new PostgresHistory(dataSource, SchemaName.unquote(quotedQueueSchema));
        } catch (WorkerException tooLong) {
            return new PostgresHistory(dataSource, null, null);
        }
    }

    /**
     * @param retention how long entries are kept
     * @return this history, pruning entries that finished longer than {@code retention} ago
     */
    public PostgresHistory withRetention(Duration retention) {
        return new PostgresHistory(dataSource, retention, table);
    }

    private PostgresHistory(DataSource dataSource, Duration retention, String table) {
        this.dataSource = dataSource;
        this.retention = retention;
        this.table = table;
    }

    /**
     * One page of entries matching the filter's task, queue, job key and error text (its states and
     * flag do not apply: entries keep neither).
     *
     * @param filter which entries
     * @param page the order, size and start of the page; the cursor is an entry id
     * @return the page; empty when no history is kept
     * @throws IllegalArgumentException when the cursor is not one this class gave
     */
    public HistoryPage page(JobFilter filter, PageRequest page) {
        boolean newestFirst = page.order() == PageRequest.Order.NEWEST_FIRST;
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from ").append(table)
                .append(" where true");
        List<Object> parameters = new ArrayList<>();
        if (page.after().isPresent()) {
            sql.append(newestFirst ? " and entry_id < ?" : " and entry_id > ?");
            parameters.add(cursor(page.after().get()));
        }
        filter.taskIdentifier().ifPresent(task -> {
            sql.append(" and task_identifier = ?");
            parameters.add(task);
        });
        filter.queueName().ifPresent(queue -> {
            sql.append(" and queue_name = ?");
            parameters.add(queue);
        });
        filter.jobKey().ifPresent(key -> {
            sql.append(" and key = ?");
            parameters.add(key);
        });
        filter.errorContaining().ifPresent(text -> {
            sql.append(" and strpos(lower(last_error), lower(?)) > 0");
            parameters.add(text);
        });
        sql.append(" order by entry_id ").append(newestFirst ? "desc" : "asc").append(" limit ?");
        // One more than the page: whether there is a next page, without counting.
        parameters.add(page.limit() + 1);
        List<HistoryEntry> entries = query("read the job history", sql.toString(), parameters);
        if (entries.size() <= page.limit()) {
            return new HistoryPage(entries, Optional.empty());
        }
        List<HistoryEntry> shown = entries.subList(0, page.limit());
        return new HistoryPage(shown, Optional.of(Long.toString(shown.get(shown.size() - 1).entryId())));
    }

    /**
     * The entries finished in each minute of a window, completed and permanently failed apart, in one
     * statement on the caller's connection (in its transaction). The entries are found through the BRIN
     * index on {@code finished_at}: entries arrive in time order, and pruning by age keeps each block
     * range's entries close in time, so only the blocks of the window's entries are read
     * ({@code docs/administration.md} gives the measured cost).
     *
     * @param connection where to run it
     * @param window the minutes
     * @return the activity; empty when no history is kept here (no history table)
     */
    public Optional<Activity> activity(Connection connection, ActivityWindow window) throws SQLException {
        if (table == null || !tableExists(connection)) {
            return Optional.empty();
        }
        long[] completed = new long[window.minutes()];
        long[] failed = new long[window.minutes()];
        // The minute as UTC wall-clock time, whatever the session's time zone: cheaper than epoch arithmetic.
        String sql = "select date_trunc('minute', finished_at at time zone 'UTC') as minute,"
                + " count(*) filter (where outcome = 'completed') as completed,"
                + " count(*) filter (where outcome = 'permanently_failed') as failed"
                + " from " + table + " where finished_at >= ? and finished_at < ? group by 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, window.start().atOffset(ZoneOffset.UTC));
            statement.setObject(2, window.end().atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int minute = window.minuteOf(rows.getObject("minute", LocalDateTime.class).toInstant(ZoneOffset.UTC));
                    completed[minute] = rows.getLong("completed");
                    failed[minute] = rows.getLong("failed");
                }
            }
        }
        return Optional.of(window.fromHistory(completed, failed));
    }

    private boolean tableExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select to_regclass(?) is not null")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /**
     * Every entry of one job, oldest first (a job is recorded once, unless its id was reused after
     * its schema was reinstalled, or an operator retried it after it failed for good and it finished again).
     *
     * @param jobId the job's id
     * @return its entries; empty when it has none or no history is kept
     */
    public List<HistoryEntry> ofJob(long jobId) {
        return query("read the history of job " + jobId,
                "select " + COLUMNS + " from " + table + " where job_id = ? order by entry_id", List.of(jobId));
    }

    /**
     * Deletes up to {@code limit} entries that finished longer than the retention ago (found through the
     * BRIN index on {@code finished_at}, in no particular order).
     *
     * @throws IllegalStateException when no retention was given ({@link #withRetention})
     */
    @Override
    public int pruneExpired(int limit) {
        if (retention == null) {
            throw new IllegalStateException("This history has no retention");
        }
        if (table == null) {
            return 0;
        }
        String sql = "delete from " + table + " where entry_id in (select entry_id from " + table
                + " where finished_at < now() - make_interval(secs => ?) limit ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setDouble(1, retention.toMillis() / 1000.0);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new WorkerException("Could not prune the job history: " + e.getMessage(), e);
        }
    }

    private List<HistoryEntry> query(String what, String sql, List<Object> parameters) {
        if (table == null) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<HistoryEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(read(rows));
                }
            }
            return entries;
        } catch (SQLException e) {
            if (NO_HISTORY.contains(e.getSQLState())) {
                return List.of();
            }
            throw new WorkerException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    private HistoryEntry read(ResultSet rows) throws SQLException {
        try {
            return new HistoryEntry(rows.getLong("entry_id"), rows.getLong("job_id"), rows.getString("task_identifier"),
                    Optional.ofNullable(rows.getString("queue_name")), Optional.ofNullable(rows.getString("key")),
                    Payloads.MAPPER.readTree(rows.getString("payload")), rows.getInt("attempts"),
                    HistoryEntry.Outcome.valueOf(rows.getString("outcome").toUpperCase(Locale.ROOT)),
                    Optional.ofNullable(rows.getString("last_error")), rows.getString("worker_id"),
                    rows.getObject("finished_at", OffsetDateTime.class).toInstant(),
                    Duration.ofNanos(Math.round(rows.getDouble("run_seconds") * 1e9)));
        } catch (JsonProcessingException e) {
            throw new SQLException("Unreadable payload in the job history: " + e.getOriginalMessage(), e);
        }
    }

    private static long cursor(String after) {
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a cursor of the job history: '" + after + "'", e);
        }
    }

    @Override
    public String toString() {
        return "the job history in " + table + (retention == null ? "" : ", kept " + retention);
    }
}
