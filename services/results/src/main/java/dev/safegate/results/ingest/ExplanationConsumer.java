package dev.safegate.results.ingest;

import dev.safegate.proto.EventCodec;
import dev.safegate.proto.MalformedEventException;
import dev.safegate.results.run.RunTracker;
import dev.safegate.results.store.ImageExplanationRow;
import dev.safegate.results.store.ImageExplanationStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Image audit explanations from Kafka into PostgreSQL, as {@link VerdictConsumer} stores verdicts: a poll's worth per
 * transaction, acknowledged after it commits (a redelivery is absorbed by the idempotent insert); a malformed record
 * goes to the dead-letter topic with its reason and the batch moves on.
 */
@ApplicationScoped
public class ExplanationConsumer {
    private final ImageExplanationStore store;
    private final DeadLetterWriter deadLetters;
    private final RunTracker tracker;

    public ExplanationConsumer(ImageExplanationStore store, DeadLetterWriter deadLetters, RunTracker tracker) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.tracker = tracker;
    }

    @Incoming("explanations")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<ImageExplanationRow> rows = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                rows.add(ImageExplanationRow.of(EventCodec.explanation(record.getPayload(), record.getHeaders())));
            } catch (MalformedEventException e) {
                deadLetters.reject(record, e);
            }
        }
        List<ImageExplanationRow> inserted = store.insertNew(rows);
        tracker.progressed(inserted.stream().map(ImageExplanationRow::runId).distinct().toList());
        return batch.ack();
    }
}
