package dev.safegate.orchestrator.run;

import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.orchestrator.model.RegisteredModel;

/**
 * A request to evaluate one model version.
 *
 * @param plan the plan (its model part is ignored: model and version come from here)
 * @param baselineVersion an explicit baseline; null to apply the model's baseline rule
 * @param rerun evaluate again even if this version was evaluated with this plan
 * @param trigger who asked: api, mlflow, huggingface, generic
 */
public record PlanRequest(RegisteredModel model, String version, EvaluationPlan plan, String baselineVersion, boolean rerun,
        String trigger) {
}
