package dev.safegate.core.whitebox;

import dev.safegate.core.stats.Interval;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The early warning that needs no generation: how far a candidate's mean projection onto a stored direction moved
 * from the baseline's. Prompts present in both runs are paired (a t interval of the per-prompt differences); with
 * no prompt in common the runs are compared unpaired (Welch's interval). The shift is also given in units of the
 * baseline's spread of projections, so that gates need not know a model's residual scale.
 */
public final class ProjectionShift {
    private ProjectionShift() {
    }

    /**
     * @param shift candidate mean minus baseline mean (over the paired prompts when paired)
     * @param interval the t interval (paired) or Welch interval (unpaired) of the shift; null below 2 values a side
     * @param standardized shift / the baseline projections' standard deviation; null when that deviation is 0
     * @param unpairedPrompts prompts of one run only, left out when paired
     */
    public record Result(double shift, Interval interval, Double standardized, boolean paired, int candidatePrompts,
            int baselinePrompts, int unpairedPrompts) {
    }

    /** @param candidate prompt id -> projection; likewise {@code baseline} */
    public static Result of(Map<String, Double> candidate, Map<String, Double> baseline, double confidence) {
        if (candidate.isEmpty() || baseline.isEmpty()) {
            throw new IllegalArgumentException("a projection shift needs projections of both runs, got "
                    + candidate.size() + " candidate and " + baseline.size() + " baseline");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        List<String> common = candidate.keySet().stream().filter(baseline::containsKey).sorted().toList();
        if (!common.isEmpty()) {
            double[] differences = common.stream().mapToDouble(p -> candidate.get(p) - baseline.get(p)).toArray();
            double[] base = common.stream().mapToDouble(baseline::get).toArray();
            double shift = PerPositionKl.mean(differences);
            return new Result(shift, PerPositionKl.tInterval(differences, shift, confidence),
                    standardized(shift, base), true, common.size(), common.size(),
                    candidate.size() + baseline.size() - 2 * common.size());
        }
        double[] cand = candidate.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] base = baseline.values().stream().mapToDouble(Double::doubleValue).toArray();
        double shift = PerPositionKl.mean(cand) - PerPositionKl.mean(base);
        return new Result(shift, welch(cand, base, shift, confidence), standardized(shift, base), false, cand.length,
                base.length, 0);
    }

    private static Interval welch(double[] a, double[] b, double shift, double confidence) {
        if (a.length < 2 || b.length < 2) {
            return null;
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Interval(shift, shift);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double halfWidth = new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - confidence) / 2) * se;
        return new Interval(shift - halfWidth, shift + halfWidth);
    }

    private static Double standardized(double shift, double[] baseline) {
        double sd = baseline.length < 2 ? 0 : Math.sqrt(variance(baseline));
        return sd > 0 ? shift / sd : null;
    }

    private static double variance(double[] values) {
        double mean = PerPositionKl.mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return squares / (values.length - 1);
    }
}
