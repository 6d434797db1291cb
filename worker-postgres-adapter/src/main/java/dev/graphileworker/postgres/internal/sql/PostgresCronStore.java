package dev.graphileworker.postgres.internal.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.WorkerException;
import dev.graphileworker.domain.CronJob;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.port.CronStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Cron items in {@code _private_known_crontabs}, and their jobs added with {@code add_job}. A tick is
 * one statement: it moves each item's {@code last_execution} forward to the tick (only if older) and
 * calls {@code add_job} for exactly the items it moved. A concurrent worker doing the same tick waits
 * on the row lock, then finds {@code last_execution} already there and adds nothing.
 */
public final class PostgresCronStore implements CronStore {

    private final DataSource dataSource;
    private final Supplier<ObjectMapper> objectMapper;
    private final String register;
    private final String enqueueTick;
    private final String readKnown;

    /**
     * @param dataSource where to run the statements
     * @param schema the quoted schema name
     * @param objectMapper writes the jobs' specs as JSON
     */
    public PostgresCronStore(DataSource dataSource, String schema, Supplier<ObjectMapper> objectMapper) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
        // The statement's CTEs share one snapshot: "existing" does not see the rows "registered" adds.
        this.register = "with wanted as (select distinct unnest(?::text[]) as identifier),"
                + " existing as (select known.identifier, known.known_since, known.last_execution"
                + "   from " + schema + "._private_known_crontabs as known"
                + "   join wanted on wanted.identifier = known.identifier),"
                + " registered as (insert into " + schema + "._private_known_crontabs (identifier, known_since)"
                + "   select identifier, ?::timestamptz from wanted on conflict (identifier) do nothing)"
                + " select identifier, known_since, last_execution from existing";
        this.enqueueTick = "with specs as (select e.position,"
                + "   e.spec->>'identifier' as identifier, e.spec->>'task' as task, e.spec->'payload' as payload,"
                + "   e.spec->>'queue_name' as queue_name, (e.spec->>'max_attempts')::int as max_attempts,"
                + "   e.spec->>'job_key' as job_key, (e.spec->>'priority')::int as priority,"
                + "   e.spec->>'job_key_mode' as job_key_mode"
                + "   from json_array_elements(?::json) with ordinality as e(spec, position)),"
                + " won as (insert into " + schema + "._private_known_crontabs as known"
                + "   (identifier, known_since, last_execution)"
                + "   select identifier, ?::timestamptz, ?::timestamptz from specs"
                + "   on conflict (identifier) do update set last_execution = excluded.last_execution"
                + "   where known.last_execution is null or known.last_execution < excluded.last_execution"
                + "   returning known.identifier)"
                + " select " + schema + ".add_job(identifier => specs.task, payload => specs.payload,"
                + "   queue_name => specs.queue_name, run_at => ?::timestamptz, max_attempts => specs.max_attempts,"
                + "   job_key => specs.job_key, priority => specs.priority, job_key_mode => specs.job_key_mode)"
                + " from specs join won on won.identifier = specs.identifier"
                + " order by specs.position";
        this.readKnown = "select identifier, known_since, last_execution from " + schema
                + "._private_known_crontabs order by identifier";
    }

    @Override
    public Map<String, KnownCrontab> registerKnownCrontabs(Collection<String> identifiers, Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(register)) {
            statement.setArray(1, connection.createArrayOf("text", identifiers.toArray()));
            statement.setObject(2, timestamp(now));
            Map<String, KnownCrontab> known = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    KnownCrontab record = known(rows);
                    known.put(record.identifier(), record);
                }
            }
            return known;
        } catch (SQLException e) {
            throw new WorkerException("Could not register the crontab's items: " + e.getMessage(), e);
        }
    }

    @Override
    public List<KnownCrontab> knownCrontabs() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(readKnown);
                ResultSet rows = statement.executeQuery()) {
            List<KnownCrontab> known = new ArrayList<>();
            while (rows.next()) {
                known.add(known(rows));
            }
            return known;
        } catch (SQLException e) {
            throw new WorkerException("Could not read the known cron items: " + e.getMessage(), e);
        }
    }

    @Override
    public int enqueueTick(Instant tick, List<CronJob> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(enqueueTick)) {
            statement.setString(1, specs(jobs));
            statement.setObject(2, timestamp(tick));
            statement.setObject(3, timestamp(tick));
            statement.setObject(4, timestamp(tick));
            int added = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    added++;
                }
            }
            return added;
        } catch (SQLException e) {
            throw new WorkerException("Could not enqueue the cron jobs of " + tick + ": " + e.getMessage(), e);
        }
    }

    private static KnownCrontab known(ResultSet rows) throws SQLException {
        OffsetDateTime lastExecution = rows.getObject("last_execution", OffsetDateTime.class);
        return new KnownCrontab(rows.getString("identifier"),
                rows.getObject("known_since", OffsetDateTime.class).toInstant(),
                lastExecution == null ? null : lastExecution.toInstant());
    }

    private String specs(List<CronJob> jobs) {
        ArrayNode specs = objectMapper.get().createArrayNode();
        for (CronJob job : jobs) {
            AddJobOptions options = job.options();
            ObjectNode spec = specs.addObject();
            spec.put("identifier", job.identifier());
            spec.put("task", job.task());
            spec.set("payload", job.payload());
            spec.put("queue_name", options.queueName().orElse(null));
            spec.put("max_attempts", options.maxAttempts().orElse(null));
            spec.put("job_key", options.jobKey().orElse(null));
            spec.put("priority", options.priority().orElse(null));
            spec.put("job_key_mode", options.jobKey().isPresent() ? options.jobKeyMode().sqlName() : null);
        }
        try {
            return objectMapper.get().writeValueAsString(specs);
        } catch (JsonProcessingException e) {
            throw new WorkerException("The cron jobs cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
