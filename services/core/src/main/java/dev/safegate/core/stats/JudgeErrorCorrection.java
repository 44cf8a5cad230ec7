package dev.safegate.core.stats;

import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A rate corrected for its judge's errors (Rogan and Gladen 1978): with apparent rate p, sensitivity Se and
 * specificity Sp, the true rate is (p + Sp - 1) / (Se + Sp - 1), clipped to [0, 1]. Its interval carries the
 * uncertainty of all three: each draw takes p, Se and Sp from their Jeffreys posteriors Beta(x + 1/2, n - x + 1/2)
 * (given the observed counts and the judge's labelled counts) and corrects; the interval is the percentile interval
 * of the draws. Deterministic for a seed. Undefined (empty) when Se + Sp &lt;= 1: such a judge is no better than
 * chance and its counts say nothing about the true rate.
 */
public final class JudgeErrorCorrection {
    private JudgeErrorCorrection() {
    }

    public record Corrected(double rate, Interval interval, JudgeErrorRates judge) {
    }

    public static Optional<Corrected> correct(Proportion apparent, JudgeErrorRates judge, double confidence,
                                              int draws, long seed) {
        if (apparent.isEmpty() || judge.youden() <= 0) {
            return Optional.empty();
        }
        double point = corrected(apparent.rate().getAsDouble(), judge.sensitivity().rate().getAsDouble(),
                judge.specificity().rate().getAsDouble());
        RandomGenerator random = new Well19937c(new SplittableRandom(seed).nextLong());
        BetaDistribution p = jeffreys(apparent, random);
        BetaDistribution se = jeffreys(judge.sensitivity(), random);
        BetaDistribution sp = jeffreys(judge.specificity(), random);
        double[] values = new double[draws];
        int kept = 0;
        for (int i = 0; i < draws; i++) {
            double seDraw = se.sample();
            double spDraw = sp.sample();
            if (seDraw + spDraw > 1) { // a draw no better than chance corrects to nothing
                values[kept++] = corrected(p.sample(), seDraw, spDraw);
            } else {
                p.sample();
            }
        }
        if (kept == 0) {
            return Optional.empty();
        }
        double[] sample = java.util.Arrays.copyOf(values, kept);
        double tail = (1 - confidence) / 2 * 100;
        return Optional.of(new Corrected(point,
                new Interval(Spread.percentile(sample, tail), Spread.percentile(sample, 100 - tail)), judge));
    }

    static double corrected(double apparent, double sensitivity, double specificity) {
        double value = (apparent + specificity - 1) / (sensitivity + specificity - 1);
        return Math.min(1, Math.max(0, value));
    }

    private static BetaDistribution jeffreys(Proportion p, RandomGenerator random) {
        return new BetaDistribution(random, p.successes() + 0.5, p.trials() - p.successes() + 0.5);
    }
}
