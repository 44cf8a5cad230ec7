package dev.safegate.orchestrator.webhook;

import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.orchestrator.run.PlanRequest;
import dev.safegate.orchestrator.run.PlannedRun;
import dev.safegate.orchestrator.run.RunPlanner;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * A registry announced a model version: plan its evaluation if SafeGate is configured for the model, else
 * acknowledge and ignore it (with the reason, logged and counted).
 */
@Singleton
public class RegistryTrigger {
    private final ModelCatalog catalog;
    private final RunPlanner planner;

    public RegistryTrigger(ModelCatalog catalog, RunPlanner planner) {
        this.catalog = catalog;
        this.planner = planner;
    }

    /**
     * @param plan the plan to run; empty for the model's default plan
     * @param baselineVersion empty to apply the model's baseline rule
     */
    public Handled versionAnnounced(String source, String modelName, String version, Optional<EvaluationPlan> plan,
            Optional<String> baselineVersion, boolean rerun) {
        Optional<RegisteredModel> model = catalog.find(modelName);
        if (model.isEmpty()) {
            return new Handled(Handled.IGNORED_UNKNOWN_MODEL, WebhookAnswer.ignored("model '" + modelName
                    + "' is not in SafeGate's models file"));
        }
        PlannedRun planned = planner.plan(new PlanRequest(model.get(), version,
                plan.orElse(model.get().defaultPlan()), baselineVersion.orElse(null), rerun, source));
        return new Handled(Handled.ACCEPTED, new WebhookAnswer("accepted", null, planned.candidate().id(),
                planned.candidate().baselineRunId(), planned.created()));
    }

    public boolean knows(String modelName) {
        return catalog.find(modelName).isPresent();
    }
}
