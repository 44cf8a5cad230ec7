package dev.safegate.orchestrator.run;

import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.orchestrator.registry.RegistryWriteback;
import dev.safegate.proto.v1.RunEvent;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records what the results service decided (COMPLETED) or gave up on (INCOMPLETE: the run FAILED and its
 * verdict is INCONCLUSIVE), once per run, and queues the registry write-back for candidates of MLflow models. A
 * finished baseline releases the candidates that waited for it ({@link TaskPublisher}).
 */
@Singleton
public class RunOutcomes {
    private static final Logger LOG = Logger.getLogger(RunOutcomes.class);

    private final RunLifecycleStore store;
    private final ModelCatalog catalog;
    private final RegistryWriteback writeback;
    private final TaskPublisher publisher;
    private final Optional<String> resultsUrl;

    public RunOutcomes(RunLifecycleStore store, ModelCatalog catalog, RegistryWriteback writeback,
            TaskPublisher publisher, @ConfigProperty(name = "safegate.results-url") Optional<String> resultsUrl) {
        this.store = store;
        this.catalog = catalog;
        this.writeback = writeback;
        this.publisher = publisher;
        this.resultsUrl = resultsUrl.filter(url -> !url.isBlank()).map(url -> url.replaceAll("/+$", ""));
    }

    public void record(RunEvent event) {
        Optional<Run> run = store.find(event.getRunId());
        if (run.isEmpty()) {
            LOG.debugf("%s for run %s, which this orchestrator did not plan: ignored", event.getType(), event.getRunId());
            return;
        }
        boolean complete = event.getType() == RunEvent.Type.COMPLETED;
        String decision = event.getDecision() == RunEvent.Decision.DECISION_UNSPECIFIED
                ? (complete ? null : RunEvent.Decision.INCONCLUSIVE.name())
                : event.getDecision().name();
        boolean writeBack = decision != null && writeback.enabled()
                && run.get().role() == RunEvent.Role.CANDIDATE
                && catalog.find(run.get().model()).map(RegisteredModel::writesBackToMlflow).orElse(false);
        boolean recorded = store.recordOutcome(run.get().id(),
                complete ? RunStatus.COMPLETED : RunStatus.FAILED,
                decision,
                event.getReasonsList(),
                reportUrl(event),
                complete ? null : "results incomplete: " + event.getMissing(),
                writeBack);
        if (recorded) {
            LOG.infof("run %s %s: %s", event.getRunId(), event.getType(), decision);
        }
        if (run.get().role() == RunEvent.Role.BASELINE) {
            store.unpublished().forEach(publisher::publishLater); // candidates that waited for this baseline
        }
    }

    private String reportUrl(RunEvent event) {
        if (!event.getReportUrl().isBlank()) {
            return event.getReportUrl();
        }
        return resultsUrl.map(url -> url + "/runs/" + event.getRunId()).orElse(null);
    }
}
