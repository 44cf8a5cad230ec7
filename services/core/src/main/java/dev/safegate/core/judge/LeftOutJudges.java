package dev.safegate.core.judge;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * For leave-one-model-out evaluation: the judge that has not seen a given group's completions. A trained judge
 * ({@code builtin-refusal}) is retrained without that group, once per group; a judge that learns nothing from
 * the data (the phrase rules, the string-match baselines) is itself.
 */
final class LeftOutJudges {
    private final Optional<RefusalModelTraining> training;
    private final Map<String, LocalJudge> learnedWithout = new HashMap<>();

    LeftOutJudges(Optional<RefusalModelTraining> training) {
        this.training = training;
    }

    /** Whether this judge's left-out figures differ from its in-sample ones (it is trained on the data). */
    boolean trains(LocalJudge judge) {
        return judge.id().equals(LearnedRefusalJudge.ID) && training.isPresent();
    }

    LocalJudge without(LocalJudge judge, String group) {
        if (!trains(judge)) {
            return judge;
        }
        return learnedWithout.computeIfAbsent(group, g -> training.get().judgeWithout(Set.of(g)));
    }
}
