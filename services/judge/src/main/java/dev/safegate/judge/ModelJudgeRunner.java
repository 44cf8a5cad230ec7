package dev.safegate.judge;

import dev.safegate.core.judge.ConversationVerdict;
import dev.safegate.core.judge.JudgeInput;
import dev.safegate.core.judge.ModelJudge;
import dev.safegate.core.judge.Verdict;
import dev.safegate.core.template.TemplateException;
import dev.safegate.triton.TritonException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model-backed judge: renders its prompts in the judge model's format, calls the model once per prompt and
 * parses the answers. A multi-turn conversation is judged turn by turn, each answer in its prefix of the
 * conversation, in order, until the first unsafe one ({@link ConversationVerdict}): up to one judgement per turn,
 * made one after the other. Never fails: a template error, a model that stays unavailable or an unreadable answer
 * gives an UNKNOWN verdict with the reason.
 */
@Singleton
public class ModelJudgeRunner {
    private final GuardModelCaller guardModels;
    private final JudgeMetrics metrics;

    public ModelJudgeRunner(GuardModelCaller guardModels, JudgeMetrics metrics) {
        this.guardModels = guardModels;
        this.metrics = metrics;
    }

    public Uni<Verdict> verdict(GuardJudge guard, JudgeInput input) {
        if (input.turns().size() == 1) {
            return once(guard, input);
        }
        return turnByTurn(guard, input, 1, new ArrayList<>()).map(ConversationVerdict::of);
    }

    private Uni<List<Verdict>> turnByTurn(GuardJudge guard, JudgeInput input, int turn, List<Verdict> judged) {
        return once(guard, input.upTo(turn)).flatMap(verdict -> {
            judged.add(verdict);
            return turn < input.turns().size() && ConversationVerdict.judgeNextTurn(verdict)
                    ? turnByTurn(guard, input, turn + 1, judged)
                    : Uni.createFrom().item(judged);
        });
    }

    /** The judgement of the conversation's last answer. */
    private Uni<Verdict> once(GuardJudge guard, JudgeInput input) {
        ModelJudge judge = guard.judge();
        List<String> prompts;
        try {
            prompts = judge.prompts(input).stream().map(guard.template()::render).toList();
        } catch (TemplateException e) {
            metrics.error(judge.id(), "template");
            return Uni.createFrom().item(Verdict.unknown(judge, "", "cannot render the guard prompt: "
                    + e.getMessage()));
        }
        List<Uni<String>> calls = prompts.stream().map(prompt -> guardModels.generate(guard, prompt)).toList();
        return Uni.join().all(calls).andFailFast()
                .map(outputs -> {
                    Verdict parsed = judge.parse(input, outputs);
                    parsed.error().ifPresent(reason -> metrics.error(judge.id(), "unreadable_output"));
                    return parsed;
                })
                .onFailure().recoverWithItem(error -> {
                    TritonException failure = GuardModelCaller.tritonError(error);
                    metrics.error(judge.id(), failure.reason());
                    return Verdict.unknown(judge, "", "guard model " + guard.model().name()
                            + " failed (" + failure.reason() + "): " + failure.getMessage());
                });
    }
}
