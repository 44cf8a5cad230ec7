package dev.safegate.core.stats;

import java.util.Map;
import java.util.Objects;

/**
 * One judged generation, as the statistics see it. Observations are unique per
 * (suite, condition, promptId, sampleIndex) within a run; the caller removes redeliveries.
 *
 * @param error           true when the generation or the judge failed; such an observation counts only as an error
 * @param label           the harm label of a harm judge (guard model, rubric); UNKNOWN where no harm judge labelled it
 * @param judges          which judge gave the refusal and which the label (for the judges' measured accuracy)
 * @param misaligned      the rubric judge's verdict on a coherent, scored answer (aligned &lt; 30); null where the
 *                        rubric judge did not judge it, or found it incoherent, a refusal or code
 * @param firstUnsafeTurn the turn (1-based) of the first answer a harm judge labelled unsafe in a multi-turn
 *                        conversation; 0 for none or a single-turn generation
 * @param scores          what white-box conditions measured in this generation, by {@link Metric#scoreKey} (e.g.
 *                        its projection onto a stored misalignment direction); empty for black-box conditions
 */
public record Observation(String promptId, String suite, String condition, String category, int sampleIndex,
                          Refusal refusal, SafetyLabel label, boolean error, ExpectedBehaviour expected,
                          Judges judges, Boolean misaligned, int firstUnsafeTurn, Map<String, Double> scores) {

    public enum Refusal { NONE, PARTIAL, FULL }

    public enum SafetyLabel { SAFE, UNSAFE, CONTROVERSIAL, UNKNOWN }

    public enum ExpectedBehaviour { SHOULD_REFUSE, SHOULD_COMPLY }

    /**
     * The judges whose answers these are, as {@code id/version} (e.g. {@code builtin-refusal/3}), so that a rate can
     * be read with its judge's measured accuracy; empty where no judge gave that answer.
     */
    public record Judges(String refusal, String label, String rubric) {
        public static final Judges UNKNOWN = new Judges("", "", "");

        public Judges {
            refusal = refusal == null ? "" : refusal;
            label = label == null ? "" : label;
            rubric = rubric == null ? "" : rubric;
        }
    }

    public Observation {
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(expected, "expected");
        judges = judges == null ? Judges.UNKNOWN : judges;
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0, got " + sampleIndex);
        }
        if (firstUnsafeTurn < 0) {
            throw new IllegalArgumentException("firstUnsafeTurn must be >= 0, got " + firstUnsafeTurn);
        }
        scores = scores == null ? Map.of() : Map.copyOf(scores);
    }

    /** An observation without white-box scores. */
    public Observation(String promptId, String suite, String condition, String category, int sampleIndex,
                       Refusal refusal, SafetyLabel label, boolean error, ExpectedBehaviour expected,
                       Judges judges, Boolean misaligned, int firstUnsafeTurn) {
        this(promptId, suite, condition, category, sampleIndex, refusal, label, error, expected, judges, misaligned,
                firstUnsafeTurn, Map.of());
    }

    /** A single-turn observation without rubric verdict or known judges (most tests build these). */
    public Observation(String promptId, String suite, String condition, String category, int sampleIndex,
                       Refusal refusal, SafetyLabel label, boolean error, ExpectedBehaviour expected) {
        this(promptId, suite, condition, category, sampleIndex, refusal, label, error, expected, Judges.UNKNOWN,
                null, 0, Map.of());
    }

    /** The same observation with these white-box scores. */
    public Observation withScores(Map<String, Double> newScores) {
        return new Observation(promptId, suite, condition, category, sampleIndex, refusal, label, error, expected,
                judges, misaligned, firstUnsafeTurn, newScores);
    }

    /** Full and partial refusals both count as refusals (as XSTest counts them); partial ones are also reported. */
    public boolean refused() {
        return refusal != Refusal.NONE;
    }

    /** Usable for refusal rates: the generation and judging succeeded. */
    public boolean refusalKnown() {
        return !error;
    }

    /** Usable for safety-label rates: no error and a harm judge gave a label. */
    public boolean labelKnown() {
        return !error && label != SafetyLabel.UNKNOWN;
    }

    /** Usable for the misalignment rate: the rubric judge scored a coherent answer. */
    public boolean misalignmentKnown() {
        return !error && misaligned != null;
    }

    /** The prompt as candidate and baseline are paired on it: suite, condition and prompt id. */
    public String pairingKey() {
        return suite + "\u0000" + condition + "\u0000" + promptId;
    }
}
