package dev.graphileworker.domain.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.domain.JobRow;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of {@link JobHelpers} that need no database: the job, its logger, payload binding,
 * the abort signal and adding jobs through the {@link JobAdmin} port. Adapters add database access.
 */
public abstract class BaseJobHelpers implements JobHelpers {

    private final JobRow job;
    private final String workerId;
    private final AbortSignal abortSignal;
    private final JobAdmin admin;
    private final ObjectMapper objectMapper;

    /**
     * @param job the job being run
     * @param workerId the worker running it
     * @param abortSignal raised when the worker stops
     * @param admin where added jobs go
     * @param objectMapper binds payloads
     */
    protected BaseJobHelpers(JobRow job, String workerId, AbortSignal abortSignal, JobAdmin admin,
            ObjectMapper objectMapper) {
        this.job = job;
        this.workerId = workerId;
        this.abortSignal = abortSignal;
        this.admin = admin;
        this.objectMapper = objectMapper;
    }

    @Override
    public Job job() {
        return job;
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("dev.graphileworker.task." + job.taskIdentifier());
    }

    @Override
    public <T> T payloadAs(Class<T> type) {
        try {
            return objectMapper.treeToValue(job.payload(), type);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("Payload of job " + job.id() + " (task '" + job.taskIdentifier()
                    + "') does not fit " + type.getName() + fieldOf(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Payload of job " + job.id() + " does not fit " + type.getName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public AbortSignal abortSignal() {
        return abortSignal;
    }

    @Override
    public Job addJob(String identifier, Object payload, AddJobOptions options) {
        return admin.addJob(identifier, payload, options);
    }

    @Override
    public List<Job> addJobs(List<JobSpec> specs, boolean preserveRunAt) {
        return admin.addJobs(specs, preserveRunAt);
    }

    private static String fieldOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "" : ", field '" + path + "'";
    }
}
