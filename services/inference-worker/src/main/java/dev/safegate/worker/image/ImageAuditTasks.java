package dev.safegate.worker.image;

import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.ImageExplanation;
import dev.safegate.worker.WorkerMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * safegate.tasks (image audit tasks) to safegate.explanations: the task record is acknowledged only once Kafka has
 * its explanation (at-least-once; results stores an explanation once per task id).
 */
@Singleton
public class ImageAuditTasks {
    private final ImageAuditRunner runner;
    private final MutinyEmitter<ImageExplanation> explanations;
    private final WorkerMetrics metrics;

    public ImageAuditTasks(ImageAuditRunner runner, @Channel("explanations") MutinyEmitter<ImageExplanation> explanations,
                           WorkerMetrics metrics) {
        this.runner = runner;
        this.explanations = explanations;
        this.metrics = metrics;
    }

    /** Explains the task, publishes the explanation, then acknowledges the task record. */
    public Uni<Void> handle(EvalTask task, Message<byte[]> record) {
        return Uni.createFrom().completionStage(() -> runner.explain(task))
                .invoke(explanation -> metrics.imageExplained(task.getServedModel(), explanation.getStatus()))
                .chain(explanation -> explanations.sendMessage(Message.of(explanation)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(task.getTaskId()).build())))
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
