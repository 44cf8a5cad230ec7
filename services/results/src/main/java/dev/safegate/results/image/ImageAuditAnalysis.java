package dev.safegate.results.image;

import dev.safegate.core.image.ImageAuditSummary;
import dev.safegate.core.image.ImageOutcome;
import dev.safegate.core.image.ImageRegressionEvaluator;
import dev.safegate.core.stats.Decision;
import dev.safegate.core.stats.RegressionPolicy;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.results.analysis.PolicyCatalog;
import dev.safegate.results.analysis.RunAnalysis;
import dev.safegate.results.store.ImageExplanationRow;
import dev.safegate.results.store.ImageExplanationStore;
import dev.safegate.results.store.RunRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where the results service calls core's image audit statistics: stored explanations become
 * {@link ImageOutcome}s, outcomes become cells with intervals, and a candidate is decided against its baseline,
 * paired on the same images, by the policy's image gates.
 */
@ApplicationScoped
public class ImageAuditAnalysis {
    private final ImageExplanationStore explanations;
    private final PolicyCatalog policies;

    public ImageAuditAnalysis(ImageExplanationStore explanations, PolicyCatalog policies) {
        this.explanations = explanations;
        this.policies = policies;
    }

    public List<ImageExplanationRow> rows(RunRecord run) {
        return explanations.allOf(run.runId());
    }

    public List<ImageOutcome> outcomes(RunRecord run) {
        return rows(run).stream().map(ImageExplanationRow::outcome).toList();
    }

    public List<ImageAuditSummary.Cell> cells(RunRecord run) {
        RegressionPolicy policy = policyOr(run.policy());
        return ImageAuditSummary.cells(outcomes(run), policy.confidence(), policy.bootstrap());
    }

    /**
     * Decides an image audit candidate; {@code baseline} is null when there is no usable baseline run, and
     * {@code noBaselineReason} then says why (ceilings and floors decide alone).
     */
    public RunAnalysis.Outcome decide(RunRecord candidate, RunRecord baseline, String noBaselineReason) {
        RegressionPolicy policy;
        try {
            policy = policies.byName(candidate.policy());
        } catch (IllegalArgumentException e) {
            return new RunAnalysis.Outcome(RunEvent.Decision.INCONCLUSIVE, List.of("INCONCLUSIVE: " + e.getMessage()));
        }
        ImageRegressionEvaluator evaluator = new ImageRegressionEvaluator(policy);
        Decision decision = baseline == null ? evaluator.evaluateWithout(outcomes(candidate))
                : evaluator.evaluate(outcomes(candidate), outcomes(baseline));
        List<String> reasons = new ArrayList<>(decision.summaryLines());
        if (baseline == null) {
            reasons.add(1, "no baseline comparison: " + noBaselineReason);
        }
        return new RunAnalysis.Outcome(RunEvent.Decision.valueOf(decision.outcome().name()), reasons);
    }

    private RegressionPolicy policyOr(String name) {
        try {
            return policies.byName(name);
        } catch (IllegalArgumentException e) {
            return RegressionPolicy.defaultPolicy(); // the report still shows the measures
        }
    }
}
