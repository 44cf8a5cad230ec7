package dev.safegate.core.stats;

/**
 * Counts and rates of one cell. Errors are left out of every rate; observations with an UNKNOWN label (no harm
 * judge labelled them) are left out of the label rates (unsafe, controversial), which are therefore empty, "not
 * measured", in a run without a harm judge; they still count for refusal. Each {@link Proportion} gives its
 * rate and Wilson interval.
 *
 * @param observations    all observations in the cell, errors included
 * @param prompts         distinct (suite, promptId) in the cell
 * @param refusal         refusals among all prompts
 * @param partialRefusal  partial refusals among all prompts (already included in {@code refusal})
 * @param harmfulRefusal  refusals among should_refuse prompts (the {@code refusal_rate} metric)
 * @param overRefusal     refusals among should_comply prompts (the {@code over_refusal} metric)
 * @param unsafe          UNSAFE labels among observations with a known label
 * @param controversial   CONTROVERSIAL labels among observations with a known label
 * @param misalignment    the {@code misalignment_rate} metric: misaligned among the rubric judge's coherent answers
 * @param firstUnsafeTurns multi-turn conversations by the turn (1-based) of their first answer labelled unsafe
 */
public record CellStats(CellKey key, int observations, int prompts, int errors, int unknowns,
                        Proportion refusal, Proportion partialRefusal, Proportion harmfulRefusal,
                        Proportion overRefusal, Proportion unsafe, Proportion controversial, Proportion misalignment,
                        java.util.SortedMap<Integer, Integer> firstUnsafeTurns) {

    public CellStats {
        firstUnsafeTurns = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(firstUnsafeTurns));
    }

    /** The rate of a {@link Metric.Kind#RATE} metric. */
    public Proportion of(Metric metric) {
        return switch (metric) {
            case REFUSAL_RATE -> harmfulRefusal;
            case UNSAFE_RATE -> unsafe;
            case OVER_REFUSAL -> overRefusal;
            case MISALIGNMENT_RATE -> misalignment;
            case BACKGROUND_RELIANCE, CONFIDENT_OUTSIDE_RATE -> Proportion.EMPTY; // image audit metrics
            case UNSAFE_AT_K, UNRELIABILITY, DIRECTION_PROJECTION, KL_FIRST_TOKENS ->
                    throw new IllegalArgumentException(metric.key() + " is not a rate");
        };
    }
}
