package dev.safegate.worker;

import dev.safegate.proto.EventCodec;
import dev.safegate.proto.MalformedEventException;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.service.DeadLetters;
import dev.safegate.service.IncomingHeaders;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows the run lifecycle: remembers cancelled and completed runs (their remaining tasks are skipped) and tells the
 * model lifecycle when a run ends. Every worker reads every run event (its own consumer group).
 */
@Singleton
public class RunEvents {
    private static final Logger LOG = Logger.getLogger(RunEvents.class);

    private final ModelLifecycle lifecycle;
    private final DeadLetters deadLetters;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    public RunEvents(ModelLifecycle lifecycle, DeadLetters deadLetters) {
        this.lifecycle = lifecycle;
        this.deadLetters = deadLetters;
    }

    @Incoming("runs")
    public CompletionStage<Void> onRunEvent(Message<byte[]> message) {
        RunEvent event;
        try {
            event = EventCodec.run(message.getPayload(), IncomingHeaders.of(message));
        } catch (MalformedEventException e) {
            return deadLetters.reject(message, Topics.RUNS, e);
        }
        switch (event.getType()) {
            // a run decided before its plan was generated (a sequential FAIL) has tasks left that nobody needs
            case CANCELLED, COMPLETED -> {
                if (cancelled.add(event.getRunId())) {
                    LOG.infof("run %s %s: skipping its remaining tasks", event.getRunId(),
                            event.getType().name().toLowerCase(java.util.Locale.ROOT));
                }
                lifecycle.runEnded(event.getRunId());
            }
            case INCOMPLETE -> lifecycle.runEnded(event.getRunId());
            default -> {
                // CREATED: nothing to prepare until the run's first task names its model version
            }
        }
        return message.ack();
    }

    /** Cancelled, or completed (decided) already. */
    public boolean isCancelled(String runId) {
        return cancelled.contains(runId);
    }
}
