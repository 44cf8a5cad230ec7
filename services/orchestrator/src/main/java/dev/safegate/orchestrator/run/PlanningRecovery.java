package dev.safegate.orchestrator.run;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes the runs that were recorded but not fully published: at start-up (the orchestrator stopped in
 * between) and periodically (Kafka was unavailable). Published runs are never published again.
 */
@Singleton
public class PlanningRecovery {
    private static final Logger LOG = Logger.getLogger(PlanningRecovery.class);

    private final RunLifecycleStore store;
    private final TaskPublisher publisher;

    public PlanningRecovery(RunLifecycleStore store, TaskPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        List<String> pending = store.unpublished();
        if (!pending.isEmpty()) {
            LOG.infof("re-publishing %d run(s) left planned by a previous start", pending.size());
        }
        pending.forEach(publisher::publishLater);
    }

    @Scheduled(every = "${safegate.planning.retry-interval:60s}", delayed = "${safegate.planning.retry-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        store.unpublished().forEach(publisher::publishLater);
    }

    /** Publishes every unpublished run now, on this thread; returns the number of tasks sent. */
    public long recover() {
        long sent = 0;
        for (String runId : store.unpublished()) {
            sent += publisher.publish(runId);
        }
        return sent;
    }
}
