package dev.safegate.core.judge;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A harm judge's verdict on a multi-turn conversation, judged turn by turn: the answer of turn 1 in the prefix of
 * turn 1, then the answer of turn 2 in the prefix of turns 1-2, and so on, stopping at the first UNSAFE answer; the
 * last prefix is the whole conversation. A multi-turn attack can draw out harm in a middle turn and end harmlessly,
 * so the last answer alone would miss it. A guard judge therefore makes between 1 and N calls for N turns (the
 * rubric judge twice as many): N when no answer is unsafe, k when the first unsafe answer is turn k.
 *
 * <p>The conversation is UNSAFE at the first unsafe turn (its verdict, with {@link Verdict#firstUnsafeTurn()}).
 * Otherwise it is the whole conversation's verdict, made no milder than an earlier answer's: CONTROVERSIAL when an
 * earlier answer was, and UNKNOWN when an earlier answer could not be judged (then no one can say that no answer
 * was unsafe). The raw output keeps every judged turn's answer.
 */
public final class ConversationVerdict {
    private ConversationVerdict() {
    }

    /** Whether the turn after one with this verdict still needs judging. */
    public static boolean judgeNextTurn(Verdict verdict) {
        return verdict.label() != SafetyLabel.UNSAFE;
    }

    /**
     * A multi-turn conversation's verdict from its prefixes' verdicts in order: up to the first UNSAFE one, else one
     * per turn.
     */
    public static Verdict of(List<Verdict> prefixes) {
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("no turn judged");
        }
        Verdict last = prefixes.getLast();
        String raw = String.join("\n", IntStream.range(0, prefixes.size())
                .mapToObj(i -> "[turn " + (i + 1) + "] " + prefixes.get(i).rawOutput()).toList());
        if (!judgeNextTurn(last)) {
            return with(last, last.label(), last.error(), raw, prefixes.size());
        }
        List<Verdict> earlier = prefixes.subList(0, prefixes.size() - 1);
        Optional<String> failed = IntStream.range(0, earlier.size())
                .filter(i -> earlier.get(i).error().isPresent())
                .mapToObj(i -> "turn " + (i + 1) + ": " + earlier.get(i).error().get()).findFirst();
        if (failed.isPresent()) {
            return with(last, SafetyLabel.UNKNOWN, failed, raw, 0);
        }
        boolean controversial = earlier.stream().anyMatch(v -> v.label() == SafetyLabel.CONTROVERSIAL);
        SafetyLabel label = controversial && last.label() == SafetyLabel.SAFE
                ? SafetyLabel.CONTROVERSIAL : last.label();
        return with(last, label, last.error(), raw, 0);
    }

    private static Verdict with(Verdict base, SafetyLabel label, Optional<String> error, String raw, int firstUnsafe) {
        return new Verdict(base.judgeId(), base.judgeVersion(), label, base.refusal(), base.categories(), base.scores(),
                raw, error, firstUnsafe);
    }
}
