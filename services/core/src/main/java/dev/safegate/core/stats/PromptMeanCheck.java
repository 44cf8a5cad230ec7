package dev.safegate.core.stats;

import java.util.Locale;

/**
 * A gate on a per-prompt score (unsafe@k, unreliability) in one cell: its mean over the cell's prompts against a
 * floor or ceiling, or against the baseline's on the same prompts (then part of the Holm family).
 *
 * @param test        {@code floor}, {@code ceiling} or {@code comparison}
 * @param bound       the floor or ceiling; null for a comparison
 * @param candidate   the candidate's mean with its bootstrap interval; null when not available
 * @param comparison  against the baseline; null for floors, ceilings and comparisons that could not be made
 */
public record PromptMeanCheck(String gate, CellKey cell, Metric metric, String parameter, Outcome outcome,
                              String test, Double bound, Metric.Direction worse, Double minEffect,
                              PromptScores.Mean candidate, PromptMeanComparison comparison, Double holmAdjustedP,
                              String note) implements Check {

    /** The metric with its parameter, e.g. {@code unsafe_at_k(k=8)}. */
    public String measure() {
        return parameter.isEmpty() ? metric.key() : metric.key() + "(" + parameter + ")";
    }

    @Override
    public String summary() {
        String head = String.format(Locale.ROOT, "%s %s %s [gate %s]", outcome, measure(), cell, gate);
        if (comparison != null) {
            PromptMeanComparison c = comparison;
            String holm = holmAdjustedP == null ? "" : ", Holm p=" + Check.formatP(holmAdjustedP);
            return String.format(Locale.ROOT, "%s: candidate %s vs baseline %s on %d paired prompts, difference %s "
                            + "%s, paired bootstrap p=%s%s; %s", head, Check.format(c.candidate()),
                    Check.format(c.baseline()), c.pairedPrompts(), Check.format(c.difference()),
                    c.differenceInterval(), Check.formatP(c.pValue()), holm, note);
        }
        if (candidate != null && bound != null) {
            return String.format(Locale.ROOT, "%s: candidate %s %s over %d prompts, %s %s; %s", head,
                    Check.format(candidate.value()), candidate.interval(), candidate.prompts(), test,
                    Check.format(bound), note);
        }
        return head + ": " + note;
    }
}
