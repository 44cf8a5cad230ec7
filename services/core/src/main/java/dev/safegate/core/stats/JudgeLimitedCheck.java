package dev.safegate.core.stats;

/**
 * A check whose numbers cannot decide because the judge behind its rates is not accurate enough for the policy
 * ({@link RegressionPolicy.JudgeAccuracyRequirement}): INCONCLUSIVE, with the check as it would have been.
 */
public record JudgeLimitedCheck(Check check, String problem) implements Check {

    @Override
    public String gate() {
        return check.gate();
    }

    @Override
    public CellKey cell() {
        return check.cell();
    }

    @Override
    public Metric metric() {
        return check.metric();
    }

    @Override
    public Outcome outcome() {
        return Outcome.INCONCLUSIVE;
    }

    @Override
    public String summary() {
        return "INCONCLUSIVE (" + problem + ") instead of: " + check.summary();
    }
}
