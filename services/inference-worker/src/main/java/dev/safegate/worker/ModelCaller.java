package dev.safegate.worker;

import dev.safegate.triton.TextRequest;
import dev.safegate.triton.TextResult;
import dev.safegate.triton.TritonClient;
import dev.safegate.triton.TritonException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** One model call with retries, measured: requests in flight, latency, and errors by reason. */
@Singleton
public class ModelCaller {
    private final TritonClient client;
    private final Retries retries;
    private final WorkerMetrics metrics;
    private final Duration timeout;
    private final CallPermits permits;

    public ModelCaller(TritonClient client, Retries retries, WorkerMetrics metrics, WorkerConfig config) {
        this.client = client;
        this.retries = retries;
        this.metrics = metrics;
        this.timeout = config.triton().requestTimeout();
        this.permits = new CallPermits(config.maxInFlight());
    }

    /** Calls waiting for a permit (every permit taken). */
    public int callsWaiting() {
        return permits.waiting();
    }

    /** The result and the latency of the attempt that succeeded. */
    public record Call(TextResult result, long latencyNanos) {
    }

    /**
     * @param attempts incremented for each attempt, so that a failed task can still say how many it made
     * @param stillNeeded asked when a call permit is granted: false skips the call (the run was decided while the
     *        task waited), failing with {@link TaskSkipped}
     * @return fails with a {@link TritonException} once retries are exhausted or the error is permanent
     */
    public Uni<Call> call(ServedModel model, TextRequest request, AtomicInteger attempts, BooleanSupplier stillNeeded) {
        return retries.withRetries(() -> attempt(model, request, attempts, stillNeeded));
    }

    /**
     * One attempt, holding a model-call permit only while the request is at the server (not during backoff).
     * The response arrives on the channel's network thread, which reads every response of the shared stream:
     * that thread only frees the permit (sending the next waiting request) and hands the rest of the task
     * (building and publishing its generation) to the worker pool, so that a burst of responses does not queue
     * behind each other's work.
     */
    private Uni<Call> attempt(ServedModel model, TextRequest request, AtomicInteger attempts,
                              BooleanSupplier stillNeeded) {
        return permits.run(() -> stillNeeded.getAsBoolean() ? send(model, request, attempts)
                        : Uni.createFrom().<Call>failure(new TaskSkipped()))
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Call> send(ServedModel model, TextRequest request, AtomicInteger attempts) {
        attempts.incrementAndGet();
        long start = System.nanoTime();
        metrics.callStarted();
        return Uni.createFrom().completionStage(() -> client.generate(model.triton(), request, timeout))
                .onTermination().invoke(metrics::callEnded)
                .map(result -> new Call(result, System.nanoTime() - start))
                .invoke(call -> metrics.callSucceeded(model.name(), call.latencyNanos()))
                .onFailure().invoke(error -> metrics.error(model.name(), TritonException.from(error).reason()));
    }
}
