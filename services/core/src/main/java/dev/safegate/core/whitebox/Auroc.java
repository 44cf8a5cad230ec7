package dev.safegate.core.whitebox;

import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.Spread;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The area under the ROC curve of a score for a binary label: the probability that a positive scores above a
 * negative, ties counting one half, computed as the Mann-Whitney U statistic from mid-ranks. Its interval is a
 * percentile bootstrap that resamples positives and negatives separately (stratified), so every resample has both.
 */
public final class Auroc {
    private Auroc() {
    }

    public record Result(double auroc, Interval interval, int positives, int negatives, int resamples) {
    }

    /** AUROC of {@code scores} for {@code positive}; higher scores are meant to go with positives. */
    public static double of(double[] scores, boolean[] positive) {
        double[][] groups = split(scores, positive);
        return of(groups[0], groups[1]);
    }

    public static Result withInterval(double[] scores, boolean[] positive, double confidence, int resamples,
            long seed) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        double[][] groups = split(scores, positive);
        double[] positives = groups[0];
        double[] negatives = groups[1];
        SplittableRandom random = new SplittableRandom(seed);
        double[] aurocs = new double[resamples];
        double[] drawnPositives = new double[positives.length];
        double[] drawnNegatives = new double[negatives.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < positives.length; i++) {
                drawnPositives[i] = positives[random.nextInt(positives.length)];
            }
            for (int i = 0; i < negatives.length; i++) {
                drawnNegatives[i] = negatives[random.nextInt(negatives.length)];
            }
            aurocs[b] = of(drawnPositives, drawnNegatives);
        }
        double tail = (1 - confidence) / 2 * 100;
        return new Result(of(positives, negatives),
                new Interval(Spread.percentile(aurocs, tail), Spread.percentile(aurocs, 100 - tail)),
                positives.length, negatives.length, resamples);
    }

    /** U / (n+ n-), with U = (sum of the positives' mid-ranks) - n+ (n+ + 1) / 2. */
    static double of(double[] positives, double[] negatives) {
        int n = positives.length + negatives.length;
        double[] all = new double[n];
        System.arraycopy(positives, 0, all, 0, positives.length);
        System.arraycopy(negatives, 0, all, positives.length, negatives.length);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double positiveRanks = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && all[order[end + 1]] == all[order[start]]) {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int i = start; i <= end; i++) {
                if (order[i] < positives.length) {
                    positiveRanks += midRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRanks - positives.length * (positives.length + 1) / 2.0;
        return u / ((double) positives.length * negatives.length);
    }

    private static double[][] split(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        int positives = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            positives += positive[i] ? 1 : 0;
        }
        if (positives == 0 || positives == scores.length) {
            throw new IllegalArgumentException("AUROC needs both labels, got " + positives + " positives of "
                    + scores.length);
        }
        double[] pos = new double[positives];
        double[] neg = new double[scores.length - positives];
        for (int i = 0, p = 0, q = 0; i < scores.length; i++) {
            if (positive[i]) {
                pos[p++] = scores[i];
            } else {
                neg[q++] = scores[i];
            }
        }
        return new double[][] {pos, neg};
    }
}
