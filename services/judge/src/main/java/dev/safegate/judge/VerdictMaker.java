package dev.safegate.judge;

import dev.safegate.core.judge.Judge;
import dev.safegate.core.judge.JudgeInput;
import dev.safegate.core.judge.LocalJudge;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.Verdict;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Makes the verdict of one judge on one generation. It never fails: a failed generation, an unknown judge, a
 * conversation that cannot be rebuilt, a guard model that stays unavailable or answers something unreadable all
 * give an UNKNOWN verdict with the reason, so that results can count them. A built-in judge judges the last answer
 * (a multi-turn generation's final one); a model judge the whole conversation ({@link ModelJudgeRunner}).
 */
@Singleton
public class VerdictMaker {
    private final JudgeCatalog catalog;
    private final ModelJudgeRunner modelJudges;
    private final JudgeMetrics metrics;

    public VerdictMaker(JudgeCatalog catalog, ModelJudgeRunner modelJudges, JudgeMetrics metrics) {
        this.catalog = catalog;
        this.modelJudges = modelJudges;
        this.metrics = metrics;
    }

    public Uni<Verdict> verdict(Generation generation, String judgeId) {
        Optional<LocalJudge> local = catalog.local(judgeId);
        Optional<GuardJudge> guard = catalog.guard(judgeId);
        if (local.isEmpty() && guard.isEmpty()) {
            metrics.error(JudgeMetrics.UNKNOWN_JUDGE, "unknown_judge");
            return counted(JudgeMetrics.UNKNOWN_JUDGE,
                    Verdicts.unknown(generation, judgeId, "", "unknown judge " + judgeId));
        }
        Judge judge = local.isPresent() ? local.get() : guard.get().judge();
        if (generation.getStatus() == Generation.Status.ERROR) {
            return counted(judgeId, Verdicts.unknown(generation, judgeId, judge.version(),
                    "generation failed: " + generation.getErrorReason()));
        }
        JudgeInput input;
        try {
            input = JudgeInputs.of(generation);
        } catch (IllegalArgumentException e) {
            metrics.error(judgeId, "conversation");
            return counted(judgeId, Verdicts.unknown(generation, judgeId, judge.version(),
                    "cannot rebuild the conversation: " + e.getMessage()));
        }
        long start = System.nanoTime();
        Uni<dev.safegate.core.judge.Verdict> decision = local.isPresent()
                ? runLocal(local.get(), input)
                : modelJudges.verdict(guard.get(), input);
        return decision.map(made -> {
            metrics.duration(judgeId, System.nanoTime() - start);
            return Verdicts.of(generation, made);
        }).invoke(verdict -> metrics.verdict(judgeId, verdict.getLabel()));
    }

    private Uni<Verdict> counted(String judge, Verdict verdict) {
        metrics.verdict(judge, verdict.getLabel());
        return Uni.createFrom().item(verdict);
    }

    /** Phrase rules take a few milliseconds on long outputs: off the event loop. */
    private Uni<dev.safegate.core.judge.Verdict> runLocal(LocalJudge judge, JudgeInput input) {
        return Uni.createFrom().item(() -> judge.judge(input))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithItem(error -> {
                    metrics.error(judge.id(), "exception");
                    return dev.safegate.core.judge.Verdict.unknown(judge, "", "judge failed: " + error);
                });
    }
}
