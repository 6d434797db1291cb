package dev.graphileworker.postgres.internal.sql;

import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.worker.BaseJobHelpers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Job helpers whose database access borrows from the worker's pool. */
public final class PostgresJobHelpers extends BaseJobHelpers {

    private final DataSource dataSource;

    /**
     * @param job the job being run
     * @param workerId the worker running it
     * @param abortSignal raised when the worker stops
     * @param admin where added jobs go
     * @param payloadMapper binds payloads
     * @param dataSource the worker's pool
     */
    public PostgresJobHelpers(JobRow job, String workerId, AbortSignal abortSignal, JobAdmin admin,
            PayloadMapper payloadMapper, DataSource dataSource) {
        super(job, workerId, abortSignal, admin, payloadMapper);
        this.dataSource = dataSource;
    }

    @Override
    public <T> T withConnection(ConnectionWork<T> work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        }
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) throws Exception {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                if (!statement.execute()) {
                    return List.of();
                }
                try (ResultSet rows = statement.getResultSet()) {
                    ResultSetMetaData columns = rows.getMetaData();
                    List<Map<String, Object>> result = new ArrayList<>();
                    while (rows.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int c = 1; c <= columns.getColumnCount(); c++) {
                            row.put(columns.getColumnLabel(c), rows.getObject(c));
                        }
                        result.add(row);
                    }
                    return result;
                }
            }
        });
    }
}
