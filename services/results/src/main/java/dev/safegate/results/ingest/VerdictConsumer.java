package dev.safegate.results.ingest;

import dev.safegate.proto.EventCodec;
import dev.safegate.proto.MalformedEventException;
import dev.safegate.results.metrics.ResultsMetrics;
import dev.safegate.results.run.RunTracker;
import dev.safegate.results.store.VerdictRow;
import dev.safegate.results.store.VerdictStore;
import dev.safegate.results.store.WhiteBoxStore;
import dev.safegate.proto.v1.Verdict;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Verdicts from Kafka into PostgreSQL, a poll's worth at a time: one transaction per batch, acknowledged only after
 * it commits (so a crash redelivers, and the idempotent insert absorbs the redelivery). A database failure fails the
 * channel (failure-strategy=fail): the service turns unhealthy and restarts from the last committed offset rather
 * than dead-lettering good verdicts.
 */
@ApplicationScoped
public class VerdictConsumer {
    private final VerdictStore store;
    private final WhiteBoxStore whiteBox;
    private final DeadLetterWriter deadLetters;
    private final ResultsMetrics metrics;
    private final RunTracker tracker;

    public VerdictConsumer(VerdictStore store, WhiteBoxStore whiteBox, DeadLetterWriter deadLetters,
                           ResultsMetrics metrics, RunTracker tracker) {
        this.store = store;
        this.whiteBox = whiteBox;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.tracker = tracker;
    }

    @Incoming("verdicts")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<VerdictRow> rows = new ArrayList<>(batch.getRecords().size());
        List<Verdict> withWhiteBox = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                Verdict verdict = EventCodec.verdict(record.getPayload(), record.getHeaders());
                rows.add(VerdictRow.of(verdict));
                if (verdict.hasWhiteBox()) {
                    withWhiteBox.add(verdict);
                }
            } catch (MalformedEventException e) {
                deadLetters.reject(record, e);
            }
        }
        // before the verdicts: a run counts as complete by its verdicts, and its report reads the white-box outputs
        whiteBox.insert(withWhiteBox);
        List<VerdictRow> inserted = store.insertNew(rows);
        metrics.ingested(inserted);
        tracker.progressed(inserted.stream().map(VerdictRow::runId).distinct().toList());
        return batch.ack();
    }
}
