package dev.safegate.results.store;

import java.time.Instant;
import java.util.List;

/**
 * A run as stored. {@code decision} is null until a candidate is decided (and always for a baseline).
 * {@code storedVerdicts} counts the verdicts stored after the run was created (any judge): a hint for when counting
 * per judge is worth it, not the completion rule. An image audit ({@link #isImageAudit()}) counts explanations there,
 * under its one "judge", the explainer.
 */
public record RunRecord(String runId, String model, String modelVersion, String role, String baselineRunId,
                        String planHash, String policy, long expectedTasks, List<String> judgeIds, RunState state,
                        String decision, List<String> reasons, String missing, Instant createdAt,
                        Instant lastProgressAt, Instant finishedAt, long storedVerdicts, String kind) {

    public static final String CANDIDATE = "CANDIDATE";
    /** {@code kind} of an image classifier's visual audit (RunEvent.kind IMAGE_AUDIT); LLM runs are "LLM". */
    public static final String IMAGE_AUDIT = "IMAGE_AUDIT";

    /** Explained image by image (image_explanations), not judged generation by generation. */
    public boolean isImageAudit() {
        return IMAGE_AUDIT.equals(kind);
    }
    public static final String BASELINE = "BASELINE";

    public boolean isCandidate() {
        return CANDIDATE.equals(role);
    }

    public boolean hasBaseline() {
        return baselineRunId != null && !baselineRunId.isEmpty();
    }

    /** Verdicts that complete the run: every expected task judged by every judge of the plan. */
    public long expectedVerdicts() {
        return expectedTasks * judgeIds.size();
    }
}
