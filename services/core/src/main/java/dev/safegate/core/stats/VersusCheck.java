package dev.safegate.core.stats;

/**
 * A cell of the candidate against another condition of the same run, on the same prompts (a gate with
 * {@code versus}): e.g. refusal after an early exit at layer 8 against full depth ({@code chat_template}).
 * {@code comparison} is null when the run has no such cell or no prompt in both (NOT_AVAILABLE); its "baseline"
 * side is the {@code versus} cell.
 */
public record VersusCheck(String gate, CellKey cell, Metric metric, Outcome outcome, String versus,
                          Metric.Direction worse, double minEffect, PairedComparison.Result comparison,
                          Double holmAdjustedP, String note) implements Check {

    @Override
    public String summary() {
        String head = String.format(java.util.Locale.ROOT, "%s %s %s vs %s in the same run [gate %s]", outcome,
                metric.key(), cell, versus, gate);
        if (comparison == null) {
            return head + ": " + note;
        }
        PairedComparison.Result c = comparison;
        String test = c.method() == PairedComparison.Method.MCNEMAR_EXACT ? "McNemar exact" : "paired bootstrap";
        String holm = holmAdjustedP == null ? "" : ", Holm p=" + Check.formatP(holmAdjustedP);
        return String.format(java.util.Locale.ROOT,
                "%s: %s %s %s (%d/%d) vs %s %s %s (%d/%d) on %d paired prompts, difference %s %s, %s p=%s%s; %s",
                head, cell.condition(), Check.format(c.candidate().rate().getAsDouble()), c.candidateInterval(),
                c.candidate().successes(), c.candidate().trials(), versus,
                Check.format(c.baseline().rate().getAsDouble()), c.baselineInterval(), c.baseline().successes(),
                c.baseline().trials(), c.pairedPrompts(), Check.format(c.difference()), c.differenceInterval(), test,
                Check.formatP(c.pValue()), holm, note);
    }
}
