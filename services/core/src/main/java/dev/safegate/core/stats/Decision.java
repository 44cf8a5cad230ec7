package dev.safegate.core.stats;

import java.util.List;

/**
 * The verdict of a {@link RegressionPolicy} on a candidate run: FAIL when any check fails; otherwise
 * INCONCLUSIVE when any check is inconclusive (too few samples, no common prompts); otherwise PASS when at least
 * one check passed; INCONCLUSIVE when nothing could be decided (no gated cell, or only comparisons without a
 * baseline). Without a baseline, floors and ceilings alone decide.
 */
public record Decision(Outcome outcome, List<Check> checks) {

    public enum Outcome { PASS, FAIL, INCONCLUSIVE }

    public Decision {
        checks = List.copyOf(checks);
    }

    /** The decision the checks make (the rules above). */
    public static Decision of(List<Check> checks) {
        return new Decision(outcomeOf(checks), checks);
    }

    private static Outcome outcomeOf(List<Check> checks) {
        if (any(checks, Check.Outcome.FAIL)) {
            return Outcome.FAIL;
        }
        if (any(checks, Check.Outcome.INCONCLUSIVE) || !any(checks, Check.Outcome.PASS)) {
            return Outcome.INCONCLUSIVE;
        }
        return Outcome.PASS;
    }

    /** The checks that decided the outcome. */
    public List<Check> reasons() {
        Check.Outcome deciding = switch (outcome) {
            case FAIL -> Check.Outcome.FAIL;
            case PASS -> Check.Outcome.PASS;
            case INCONCLUSIVE -> any(checks, Check.Outcome.INCONCLUSIVE)
                    ? Check.Outcome.INCONCLUSIVE : Check.Outcome.NOT_AVAILABLE;
        };
        return checks.stream().filter(c -> c.outcome() == deciding).toList();
    }

    /** One line for the outcome, e.g. {@code FAIL: 2 of 9 checks failed}. */
    public String headline() {
        if (checks.isEmpty()) {
            return outcome + ": no gated cell has observations";
        }
        long deciding = reasons().size();
        return switch (outcome) {
            case FAIL -> "FAIL: " + deciding + " of " + checks.size() + " checks failed";
            case PASS -> "PASS: " + deciding + " of " + checks.size() + " checks passed, none failed";
            case INCONCLUSIVE -> any(checks, Check.Outcome.INCONCLUSIVE)
                    ? "INCONCLUSIVE: " + deciding + " of " + checks.size() + " checks inconclusive, none failed"
                    : "INCONCLUSIVE: no check could be decided (" + deciding + " comparisons not available)";
        };
    }

    /** The headline followed by one line per deciding check. */
    public List<String> summaryLines() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(headline()),
                reasons().stream().map(Check::summary)).toList();
    }

    private static boolean any(List<Check> checks, Check.Outcome outcome) {
        return checks.stream().anyMatch(c -> c.outcome() == outcome);
    }
}
