package dev.graphileworker.domain.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.graphileworker.api.AbortSignal;
import dev.graphileworker.api.AddJobOptions;
import dev.graphileworker.api.Job;
import dev.graphileworker.api.JobAdmin;
import dev.graphileworker.api.JobHelpers;
import dev.graphileworker.api.JobSpec;
import dev.graphileworker.api.PayloadMapper;
import dev.graphileworker.domain.JobRow;
import dev.graphileworker.domain.PayloadConversion;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of {@link JobHelpers} that need no database: the job, its logger, payload binding (by
 * the application's {@link PayloadMapper}, or the adapter's default one), the abort signal and adding
 * jobs through the {@link JobAdmin} port. Adapters add database access.
 */
public abstract class BaseJobHelpers implements JobHelpers {

    private final JobRow job;
    private final String workerId;
    private final AbortSignal abortSignal;
    private final JobAdmin admin;
    private final PayloadMapper payloadMapper;

    /**
     * @param job the job being run
     * @param workerId the worker running it
     * @param abortSignal raised when the worker stops
     * @param admin where added jobs go
     * @param payloadMapper binds payloads
     */
    protected BaseJobHelpers(JobRow job, String workerId, AbortSignal abortSignal, JobAdmin admin,
            PayloadMapper payloadMapper) {
        this.job = job;
        this.workerId = workerId;
        this.abortSignal = abortSignal;
        this.admin = admin;
        this.payloadMapper = payloadMapper;
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

    /**
     * {@inheritDoc}
     *
     * <p>Asked for a kind of {@code JsonNode} the payload already is (such as {@code JsonNode.class}),
     * it returns the payload's tree as it is, as Jackson would; any other class goes through the
     * payload mapper. When the mapper throws, the message names the job, the class and, for Jackson
     * 2's own exceptions (those of the default mapper), the offending field; for any other, the
     * mapper's message.
     */
    @Override
    public <T> T payloadAs(Class<T> type) {
        if (JsonNode.class.isAssignableFrom(type) && type.isInstance(job.payload())) {
            return type.cast(job.payload());
        }
        try {
            return payloadMapper.fromJson(job.payload(), type);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonMappingException mapping) {
                throw new IllegalArgumentException("Payload of job " + job.id() + " (task '" + job.taskIdentifier()
                        + "') does not fit " + type.getName() + fieldOf(mapping) + ": " + mapping.getOriginalMessage(),
                        mapping);
            }
            if (e.getCause() instanceof JsonProcessingException processing) {
                throw new IllegalArgumentException("Payload of job " + job.id() + " does not fit " + type.getName()
                        + ": " + processing.getOriginalMessage(), processing);
            }
            throw new IllegalArgumentException("Payload of job " + job.id() + " (task '" + job.taskIdentifier()
                    + "') does not fit " + type.getName() + ": " + PayloadConversion.messageOf(e), e);
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
