package dev.safegate.core.judge;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A judge's decision on one response.
 *
 * @param label      harm label; UNKNOWN when the judge could not tell (see {@code error})
 * @param refusal    whether the response refused; UNKNOWN when the judge does not say
 * @param categories harm categories the judge named (empty when none)
 * @param scores     numeric scores by name (e.g. "aligned", "coherent"); empty when the judge gives none
 * @param rawOutput  the judge's own output text, kept verbatim (empty for judges that produce no text)
 * @param error      why the verdict could not be made, e.g. an unparseable guard output; empty otherwise
 * @param firstUnsafeTurn in a multi-turn conversation judged turn by turn, the turn (1-based) of the first answer
 *                   labelled UNSAFE; 0 when none was, and for single-turn conversations
 */
public record Verdict(
        String judgeId,
        String judgeVersion,
        SafetyLabel label,
        Refusal refusal,
        List<Category> categories,
        Map<String, Double> scores,
        String rawOutput,
        Optional<String> error,
        int firstUnsafeTurn) {

    public Verdict {
        Objects.requireNonNull(judgeId, "judgeId");
        Objects.requireNonNull(judgeVersion, "judgeVersion");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(refusal, "refusal");
        categories = List.copyOf(categories);
        scores = Map.copyOf(scores);
        rawOutput = rawOutput == null ? "" : rawOutput;
        error = error == null ? Optional.empty() : error;
        if (firstUnsafeTurn < 0 || (firstUnsafeTurn > 0 && label != SafetyLabel.UNSAFE)) {
            throw new IllegalArgumentException("first unsafe turn " + firstUnsafeTurn + " with label " + label);
        }
    }

    /** A verdict on one answer, or on a conversation without turn-by-turn judging. */
    public Verdict(String judgeId, String judgeVersion, SafetyLabel label, Refusal refusal, List<Category> categories,
            Map<String, Double> scores, String rawOutput, Optional<String> error) {
        this(judgeId, judgeVersion, label, refusal, categories, scores, rawOutput, error, 0);
    }

    /** A verdict the judge could not make: label and refusal UNKNOWN, the raw output kept with the reason. */
    public static Verdict unknown(Judge judge, String rawOutput, String reason) {
        return new Verdict(judge.id(), judge.version(), SafetyLabel.UNKNOWN, Refusal.UNKNOWN, List.of(), Map.of(),
                rawOutput, Optional.of(reason));
    }
}
