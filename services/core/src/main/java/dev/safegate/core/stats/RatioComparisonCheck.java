package dev.safegate.core.stats;

/**
 * Candidate vs. baseline in a cell on a ratio-of-sums metric (an image audit's mean or rate over images), paired on
 * the same images with {@link PairedBootstrap#runOnUnits}. {@code candidate}, {@code baseline} and the difference
 * are null when no comparison could be made (NOT_AVAILABLE); {@code holmAdjustedP} is null outside the Holm family.
 */
public record RatioComparisonCheck(String gate, CellKey cell, Metric metric, Outcome outcome, Metric.Direction worse,
                                   double minEffect, Estimate candidate, Estimate baseline, Double difference,
                                   Interval differenceInterval, Double pValue, Double holmAdjustedP,
                                   int pairedUnits, String note) implements Check {

    /** How far the candidate moved in the worse direction (negative when it improved). */
    public double worsening() {
        return worse == Metric.Direction.HIGHER_IS_WORSE ? difference : -difference;
    }

    @Override
    public String summary() {
        String head = String.format(java.util.Locale.ROOT, "%s %s %s [gate %s]", outcome, metric.key(), cell, gate);
        if (difference == null) {
            return head + ": " + note;
        }
        String holm = holmAdjustedP == null ? "" : ", Holm p=" + Check.formatP(holmAdjustedP);
        return String.format(java.util.Locale.ROOT,
                "%s: candidate %s vs baseline %s, difference %s %s over %d paired images, paired bootstrap p=%s%s; %s",
                head, candidate, baseline, Check.format(difference), differenceInterval, pairedUnits,
                Check.formatP(pValue), holm, note);
    }
}
