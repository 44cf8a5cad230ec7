package dev.safegate.orchestrator.run;

import dev.safegate.proto.v1.RunEvent;
import jakarta.inject.Singleton;

/** Cancels a run that has not finished and tells the other services (CANCELLED on safegate.runs). */
@Singleton
public class Cancellation {

    public enum Result {
        CANCELLED,
        NOT_FOUND,
        ALREADY_FINISHED
    }

    private final RunLifecycleStore store;
    private final EventProducer producer;
    private final TaskPublisher publisher;

    public Cancellation(RunLifecycleStore store, EventProducer producer, TaskPublisher publisher) {
        this.store = store;
        this.producer = producer;
        this.publisher = publisher;
    }

    public Result cancel(String runId) {
        var run = store.find(runId);
        if (run.isEmpty()) {
            return Result.NOT_FOUND;
        }
        if (!store.cancel(runId)) {
            return Result.ALREADY_FINISHED;
        }
        producer.send(RunEvent.newBuilder()
                .setRunId(runId)
                .setType(RunEvent.Type.CANCELLED)
                .setModel(run.get().model())
                .setModelVersion(run.get().modelVersion())
                .setRole(run.get().role())
                .setPlanHash(run.get().planHash())
                .setTimestampMs(System.currentTimeMillis())
                .build());
        if (run.get().role() == RunEvent.Role.BASELINE) {
            store.unpublished().forEach(publisher::publishLater); // its candidates are decided without it
        }
        return Result.CANCELLED;
    }
}
