package dev.safegate.results.run;

import dev.safegate.results.store.ImageExplanationStore;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.VerdictStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * What a run has received, by the id that answers its tasks: verdicts by judge, or for an image audit the
 * explanations under the explainer's id (the run's only "judge"), so that completion and progress read the same way.
 */
@ApplicationScoped
public class RunProgressCounts {
    private final VerdictStore verdicts;
    private final ImageExplanationStore explanations;

    public RunProgressCounts(VerdictStore verdicts, ImageExplanationStore explanations) {
        this.verdicts = verdicts;
        this.explanations = explanations;
    }

    public Map<String, Long> byJudge(RunRecord run) {
        return run.isImageAudit() ? explanations.countsByExplainer(run.runId()) : verdicts.countsByJudge(run.runId());
    }
}
