package dev.graphileworker.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Runs a {@link TaskHandler.BatchTaskHandler} on one job and turns its per-element results into the job's outcome. */
final class BatchRun {

    private BatchRun() {
    }

    static void run(TaskHandler.BatchTaskHandler handler, JsonNode payload, JobHelpers helpers) throws Exception {
        List<JsonNode> elements = elementsOf(payload);
        List<? extends CompletionStage<?>> results = handler.run(elements, helpers);
        if (results == null) {
            return;
        }
        if (results.size() != elements.size()) {
            // graphile-worker counts this as success; that would delete elements that never ran.
            throw new IllegalStateException("The batch task returned " + results.size() + " results for "
                    + elements.size() + " payload elements; it must return one per element (or null when all succeeded)");
        }
        List<CompletableFuture<?>> futures = new ArrayList<>(results.size());
        for (CompletionStage<?> result : results) {
            futures.add(result == null ? CompletableFuture.completedFuture(null) : result.toCompletableFuture());
        }
        awaitAll(futures, helpers.abortSignal());

        List<JsonNode> failedElements = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            Throwable error = errorOf(futures.get(i), helpers.abortSignal());
            if (error != null) {
                failedElements.add(elements.get(i));
                errors.add(error);
            }
        }
        if (errors.isEmpty()) {
            return;
        }
        if (!payload.isArray()) {
            // A lone payload is not split, so its job fails as a plain job would, keeping its payload.
            throw asException(errors.get(0));
        }
        throw new BatchJobException(failedElements, errors);
    }

    /** A JSON array's elements; any other payload is one element, as a batch of one. */
    private static List<JsonNode> elementsOf(JsonNode payload) {
        if (!payload.isArray()) {
            return List.of(payload);
        }
        List<JsonNode> elements = new ArrayList<>(payload.size());
        payload.forEach(elements::add);
        return List.copyOf(elements);
    }

    private static void awaitAll(List<CompletableFuture<?>> futures, AbortSignal abortSignal) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        try (AbortSignal.Registration cancelling =
                abortSignal.onAbort(() -> futures.forEach(future -> future.cancel(true)))) {
            all.get();
        } catch (ExecutionException | CancellationException e) {
            // Some elements failed; errorOf reads each one's own outcome.
        }
    }

    private static Throwable errorOf(CompletableFuture<?> future, AbortSignal abortSignal) {
        try {
            future.join();
            return null;
        } catch (CancellationException e) {
            return new IllegalStateException(abortSignal.isAborted()
                    ? "Cancelled because the worker is stopping" : "The element's stage was cancelled", e);
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    private static Exception asException(Throwable error) {
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return error instanceof Exception exception ? exception : new ExecutionException(error);
    }
}
