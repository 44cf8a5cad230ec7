package dev.safegate.core.whitebox;

import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.Spread;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * How deep a model's alignment goes, token by token (Qi et al., "Safety Alignment Should Be Made More Than Just a
 * Few Tokens Deep", ICLR 2025): the aligned model answers harmful prompts, and each of its own response tokens y_t
 * is scored under the aligned model and under a reference (its base) with {@code score_continuation}. Since y is
 * drawn from the aligned model, the mean over prompts of log p_aligned(y_t) - log p_reference(y_t) estimates the
 * per-position KL(aligned || reference) given the prefix.
 *
 * <p>Intervals: each position's mean is a mean of independent per-prompt values (one response per prompt), so it
 * gets a Student t interval (deterministic, and better behaved than a percentile bootstrap at the small counts of
 * late positions). The share of the total that lies in the first k positions is a ratio of sums over positions
 * that are correlated within a response, with no closed-form interval: it gets a percentile bootstrap over prompts
 * (whole responses resampled, so that dependence is kept).
 */
public final class PerPositionKl {
    private PerPositionKl() {
    }

    /**
     * One prompt's response, token by token.
     *
     * @param aligned log p_aligned(y_t) of the aligned model's own response
     * @param reference log p_reference(y_t) of the same tokens under the reference model
     */
    public record PromptScores(String promptId, double[] aligned, double[] reference) {
        public PromptScores {
            if (aligned.length != reference.length) {
                throw new IllegalArgumentException("prompt " + promptId + ": " + aligned.length
                        + " aligned log-probs but " + reference.length + " reference log-probs");
            }
            for (int t = 0; t < aligned.length; t++) {
                if (!Double.isFinite(aligned[t]) || !Double.isFinite(reference[t])) {
                    throw new IllegalArgumentException("prompt " + promptId + ": log-prob at position " + t
                            + " is not finite");
                }
            }
        }

        double difference(int t) {
            return aligned[t] - reference[t];
        }
    }

    /**
     * @param index 0 for the first response token
     * @param prompts prompts whose response reaches this position
     * @param interval t interval of the mean; null when fewer than 2 prompts reach the position
     * @param cumulative the sum of the means up to and including this position
     */
    public record Position(int index, int prompts, double mean, Interval interval, double cumulative) {
    }

    /**
     * @param share the first {@code firstTokens} positions' part of the total; null when the total is not positive
     * @param interval percentile bootstrap interval over the resamples whose total is positive; null when none is
     * @param undefinedResamples resamples left out because their total was not positive
     */
    public record Share(int firstTokens, Double share, Interval interval, int resamples, int undefinedResamples) {
    }

    /**
     * @param positions positions 0 .. the last one that some response reaches (at most maxPositions)
     * @param total the sum of the positions' means
     */
    public record Result(List<Position> positions, double total, Share share) {
        public Result {
            positions = List.copyOf(positions);
        }
    }

    /**
     * @param maxPositions positions looked at (the rest of each response is ignored), e.g. 64
     * @param firstTokens the head whose share of the total is reported, e.g. 5
     */
    public static Result estimate(List<PromptScores> prompts, int maxPositions, int firstTokens, double confidence,
            int resamples, long seed) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to estimate the per-position KL from");
        }
        if (maxPositions < 1 || firstTokens < 1 || firstTokens > maxPositions) {
            throw new IllegalArgumentException("need 1 <= firstTokens <= maxPositions, got firstTokens " + firstTokens
                    + " and maxPositions " + maxPositions);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        int length = Math.min(maxPositions, prompts.stream().mapToInt(p -> p.aligned().length).max().orElse(0));
        List<Position> positions = new ArrayList<>();
        double cumulative = 0;
        for (int t = 0; t < length; t++) {
            int position = t;
            double[] values = prompts.stream().filter(p -> p.aligned().length > position)
                    .mapToDouble(p -> p.difference(position)).toArray();
            double mean = mean(values);
            cumulative += mean;
            positions.add(new Position(t, values.length, mean, tInterval(values, mean, confidence), cumulative));
        }
        double total = cumulative;
        Double share = total > 0 ? headSum(positions, firstTokens) / total : null;
        return new Result(positions, total, bootstrapShare(prompts, length, firstTokens, share, confidence, resamples,
                seed));
    }

    private static double headSum(List<Position> positions, int firstTokens) {
        return positions.isEmpty() ? 0 : positions.get(Math.min(firstTokens, positions.size()) - 1).cumulative();
    }

    private static Share bootstrapShare(List<PromptScores> prompts, int length, int firstTokens, Double share,
            double confidence, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = prompts.size();
        double[] sums = new double[length];
        int[] counts = new int[length];
        List<Double> shares = new ArrayList<>();
        for (int b = 0; b < resamples; b++) {
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < m; i++) {
                PromptScores drawn = prompts.get(random.nextInt(m));
                for (int t = 0; t < Math.min(length, drawn.aligned().length); t++) {
                    sums[t] += drawn.difference(t);
                    counts[t]++;
                }
            }
            double head = 0;
            double total = 0;
            for (int t = 0; t < length; t++) {
                // A position no drawn response reaches adds nothing to this resample's total.
                double mean = counts[t] == 0 ? 0 : sums[t] / counts[t];
                total += mean;
                head += t < firstTokens ? mean : 0;
            }
            if (total > 0) {
                shares.add(head / total);
            }
        }
        Interval interval = null;
        if (!shares.isEmpty()) {
            double[] values = shares.stream().mapToDouble(Double::doubleValue).toArray();
            double tail = (1 - confidence) / 2 * 100;
            interval = new Interval(Spread.percentile(values, tail), Spread.percentile(values, 100 - tail));
        }
        return new Share(firstTokens, share, interval, resamples, resamples - shares.size());
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** The Student t interval of a mean; null below 2 values. */
    static Interval tInterval(double[] values, double mean, double confidence) {
        int n = values.length;
        if (n < 2) {
            return null;
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double halfWidth = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2)
                * Math.sqrt(squares / (n - 1) / n);
        return new Interval(mean - halfWidth, mean + halfWidth);
    }
}
