package dev.safegate.worker;

import dev.safegate.proto.EventCodec;
import dev.safegate.proto.MalformedEventException;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.service.DeadLetters;
import dev.safegate.service.IncomingHeaders;
import dev.safegate.worker.image.ImageAuditTasks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * safegate.tasks to safegate.generations. Up to {@code safegate.max-in-flight} model calls run at once, and
 * twice as many tasks are processed at once; when that many are in flight the stream requests no more records
 * and the Kafka connector pauses its consumer (backpressure). Nothing here blocks: model calls and retry delays are asynchronous.
 *
 * <p>At-least-once: each generation is sent with the task record's acknowledgement, so the task is acked
 * only when Kafka has the generation, and the throttled commit strategy commits an offset only once every
 * record before it is acked. A crash replays the unacknowledged tasks; downstream is idempotent by task id.
 * An undecodable task is dead-lettered; a task of a cancelled or already decided run, or one whose run is decided
 * while it waits for a model call, is acked without a generation and counted in {@code safegate_tasks_skipped_total}
 * (results do not wait for it). Image audit tasks are explained by {@link ImageAuditTasks} and answered on
 * safegate.explanations.
 */
@Singleton
public class InferenceWorker {
    private final GenerationRunner runner;
    private final ImageAuditTasks imageAudits;
    private final RunEvents runs;
    private final DeadLetters deadLetters;
    private final WorkerMetrics metrics;
    private final int maxInFlight;

    public InferenceWorker(GenerationRunner runner, ImageAuditTasks imageAudits, RunEvents runs,
            DeadLetters deadLetters, WorkerMetrics metrics, WorkerConfig config) {
        this.runner = runner;
        this.imageAudits = imageAudits;
        this.runs = runs;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.maxInFlight = config.maxInFlight();
    }

    @Incoming("tasks")
    @Outgoing("generations")
    public Multi<Message<Generation>> process(Multi<Message<byte[]>> tasks) {
        // Twice as many tasks as model calls: while some tasks are rendered or publish their generation, the
        // model still has max-in-flight requests (CallPermits holds the model's concurrency at that value).
        return tasks.onItem().transformToUni(this::handle).merge(2 * maxInFlight);
    }

    /** @return the generation to publish, or a null item when there is none (the record is settled here) */
    private Uni<Message<Generation>> handle(Message<byte[]> message) {
        EvalTask task;
        try {
            task = EventCodec.task(message.getPayload(), IncomingHeaders.of(message));
        } catch (MalformedEventException e) {
            return Uni.createFrom().completionStage(deadLetters.reject(message, Topics.TASKS, e))
                    .replaceWith((Message<Generation>) null);
        }
        if (runs.isCancelled(task.getRunId())) {
            return skip(message, task);
        }
        if (task.hasImageAudit()) { // explained, not generated: its answer goes to safegate.explanations
            return imageAudits.handle(task, message).replaceWith((Message<Generation>) null);
        }
        return runner.run(task)
                .map(generation -> message.withPayload(generation)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(task.getTaskId()).build()))
                .onFailure(TaskSkipped.class).recoverWithUni(() -> skip(message, task));
    }

    private Uni<Message<Generation>> skip(Message<byte[]> message, EvalTask task) {
        metrics.skip(task.getServedModel().isEmpty() ? task.getModel() : task.getServedModel());
        return Uni.createFrom().completionStage(message.ack()).replaceWith((Message<Generation>) null);
    }

}
