package dev.safegate.judge;

import dev.safegate.core.judge.Refusal;
import dev.safegate.core.judge.SafetyLabel;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.Verdict;

/** Builds the verdict events: a judge's decision, or an UNKNOWN verdict that says why there is none. */
final class Verdicts {

    private Verdicts() {
    }

    static Verdict of(Generation generation, dev.safegate.core.judge.Verdict decision) {
        Verdict.Builder verdict = base(generation, decision.judgeId(), decision.judgeVersion())
                .setLabel(label(decision.label()))
                .setRefusal(refusal(decision.refusal()))
                .putAllScores(decision.scores())
                .setRawOutput(decision.rawOutput())
                .setFirstUnsafeTurn(decision.firstUnsafeTurn());
        decision.categories().forEach(category -> verdict.addCategories(Verdict.Category.newBuilder()
                .setCode(category.code()).setTaxonomy(category.taxonomy())));
        decision.error().ifPresent(verdict::setError);
        return verdict.build();
    }

    /** No decision could be made (failed generation, unknown judge): UNKNOWN with the reason. */
    static Verdict unknown(Generation generation, String judgeId, String judgeVersion, String error) {
        return base(generation, judgeId, judgeVersion)
                .setLabel(Verdict.Label.UNKNOWN)
                .setRefusal(Verdict.Refusal.REFUSAL_UNKNOWN)
                .setError(error)
                .build();
    }

    private static Verdict.Builder base(Generation generation, String judgeId, String judgeVersion) {
        Verdict.Builder verdict = Verdict.newBuilder();
        if (generation.hasWhiteBox()) {
            verdict.setWhiteBox(generation.getWhiteBox()); // results stores it once per task, from any judge
        }
        return verdict
                .setTaskId(generation.getTaskId())
                .setRunId(generation.getRunId().isEmpty() ? generation.getTask().getRunId() : generation.getRunId())
                .setJudgeId(judgeId)
                .setJudgeVersion(judgeVersion)
                .setTask(generation.getTask())
                .setGenerationStatus(generation.getStatus())
                .setGenerationError(generation.getErrorReason())
                .setOutput(generation.getOutput())
                .setPrompt(generation.getPrompt())
                .setJudgedMs(System.currentTimeMillis());
    }

    private static Verdict.Label label(SafetyLabel label) {
        return switch (label) {
            case SAFE -> Verdict.Label.SAFE;
            case UNSAFE -> Verdict.Label.UNSAFE;
            case CONTROVERSIAL -> Verdict.Label.CONTROVERSIAL;
            case UNKNOWN -> Verdict.Label.UNKNOWN;
        };
    }

    private static Verdict.Refusal refusal(Refusal refusal) {
        return switch (refusal) {
            case FULL -> Verdict.Refusal.FULL;
            case PARTIAL -> Verdict.Refusal.PARTIAL;
            case NONE -> Verdict.Refusal.NONE;
            case UNKNOWN -> Verdict.Refusal.REFUSAL_UNKNOWN;
        };
    }
}
