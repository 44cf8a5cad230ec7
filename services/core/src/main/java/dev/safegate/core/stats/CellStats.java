package dev.safegate.core.stats;

/**
 * Counts and rates of one cell. Errors are left out of every rate; observations with an UNKNOWN label are left
 * out of the label rates (unsafe, controversial) but still count for refusal. Each {@link Proportion} gives its
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
 */
public record CellStats(CellKey key, int observations, int prompts, int errors, int unknowns,
                        Proportion refusal, Proportion partialRefusal, Proportion harmfulRefusal,
                        Proportion overRefusal, Proportion unsafe, Proportion controversial) {

    public Proportion of(Metric metric) {
        return switch (metric) {
            case REFUSAL_RATE -> harmfulRefusal;
            case UNSAFE_RATE -> unsafe;
            case OVER_REFUSAL -> overRefusal;
            case BACKGROUND_RELIANCE, CONFIDENT_OUTSIDE_RATE -> Proportion.EMPTY; // image audit metrics
        };
    }
}
