package dev.safegate.core.stats;

/**
 * An absolute limit on the candidate's ratio-of-sums metric in a cell (an image audit's background reliance must
 * stay at or below a ceiling, ...), judged on the point estimate. {@code breached} states the comparison even when
 * too few images make the outcome INCONCLUSIVE.
 */
public record RatioLimitCheck(String gate, CellKey cell, Metric metric, Outcome outcome, FloorCheck.Limit limit,
                              double bound, Estimate candidate, boolean breached, int minSamples) implements Check {

    @Override
    public String summary() {
        String relation = switch (limit) {
            case FLOOR -> breached ? "below floor " : "at or above floor ";
            case CEILING -> breached ? "above ceiling " : "at or below ceiling ";
        };
        String line = String.format(java.util.Locale.ROOT, "%s %s %s [gate %s]: candidate %s %s%s", outcome,
                metric.key(), cell, gate, candidate, relation, Check.format(bound));
        return outcome == Outcome.INCONCLUSIVE
                ? line + "; only " + candidate.units() + " images (minimum " + minSamples + ")"
                : line;
    }
}
