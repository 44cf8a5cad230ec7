package dev.safegate.orchestrator.registry;

import dev.safegate.orchestrator.run.Run;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes a candidate's decision back to MLflow as model-version tags ({@code safegate.decision},
 * {@code safegate.report_url}, {@code safegate.run_id}). Pending write-backs are kept in the run table and
 * retried with exponential backoff until MLflow accepts them or the attempts run out, so an MLflow outage
 * or an orchestrator restart loses no verdict. Setting a tag is idempotent, so a retry after a partial
 * write is harmless.
 */
@Singleton
public class RegistryWriteback {
    public static final String DECISION_TAG = "safegate.decision";
    public static final String REPORT_TAG = "safegate.report_url";
    public static final String RUN_TAG = "safegate.run_id";
    private static final Logger LOG = Logger.getLogger(RegistryWriteback.class);
    private static final Duration MAX_DELAY = Duration.ofMinutes(10);

    private final RunLifecycleStore store;
    private final Optional<MlflowClient> mlflow;
    private final int maxAttempts;
    private final Duration firstDelay;

    public RegistryWriteback(RunLifecycleStore store,
            @ConfigProperty(name = "safegate.mlflow.url") Optional<String> url,
            @ConfigProperty(name = "safegate.mlflow.token") Optional<String> token,
            @ConfigProperty(name = "safegate.mlflow.max-attempts", defaultValue = "10") int maxAttempts,
            @ConfigProperty(name = "safegate.mlflow.retry-delay", defaultValue = "10s") Duration firstDelay) {
        this.store = store;
        this.mlflow = url.filter(u -> !u.isBlank()).map(u -> new MlflowClient(u, token));
        this.maxAttempts = maxAttempts;
        this.firstDelay = firstDelay;
    }

    public boolean enabled() {
        return mlflow.isPresent();
    }

    @Scheduled(every = "${safegate.mlflow.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void writeDue() {
        if (mlflow.isPresent()) {
            store.writebacksDue().forEach(this::write);
        }
    }

    void write(Run run) {
        try {
            MlflowClient client = mlflow.orElseThrow();
            client.setModelVersionTag(run.model(), run.modelVersion(), DECISION_TAG, run.decision());
            if (run.reportUrl() != null && !run.reportUrl().isBlank()) {
                client.setModelVersionTag(run.model(), run.modelVersion(), REPORT_TAG, run.reportUrl());
            }
            client.setModelVersionTag(run.model(), run.modelVersion(), RUN_TAG, run.id());
            store.writebackDone(run.id());
            LOG.infof("wrote %s=%s to MLflow for %s version %s", DECISION_TAG, run.decision(), run.model(),
                    run.modelVersion());
        } catch (MlflowClient.RegistryException e) {
            Duration delay = backoff(run.writebackAttempts());
            LOG.warnf("MLflow write-back for run %s failed (attempt %d of %d, next in %s): %s", run.id(),
                    run.writebackAttempts() + 1, maxAttempts, delay, e.getMessage());
            store.writebackFailed(run.id(), e.getMessage(), maxAttempts, delay);
        }
    }

    private Duration backoff(int attempts) {
        Duration delay = firstDelay.multipliedBy(1L << Math.min(attempts, 16));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
