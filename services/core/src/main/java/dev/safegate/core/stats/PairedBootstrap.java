package dev.safegate.core.stats;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Paired bootstrap over prompts for a candidate-minus-baseline difference: of two pooled rates when prompts have
 * several samples ({@link #run}), or of the means of a per-prompt score such as unsafe@k ({@link #runMeans}).
 * Each resample draws prompts with replacement and keeps all their samples from both runs, so the dependence
 * between samples of one prompt and between the two runs is preserved. The interval is the percentile interval
 * of the resampled differences; the two-sided p-value comes from the resampled differences centred on the
 * observed one: (1 + #{|d* - d| >= |d|}) / (B + 1). Deterministic for a given seed and prompt order.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {
    }

    /** Hits and counted samples of one prompt in both runs. */
    public record PromptCounts(int candidateHits, int candidateTrials, int baselineHits, int baselineTrials) {
        public PromptCounts {
            if (candidateTrials < 1 || baselineTrials < 1 || candidateHits < 0 || baselineHits < 0
                    || candidateHits > candidateTrials || baselineHits > baselineTrials) {
                throw new IllegalArgumentException("invalid counts " + candidateHits + "/" + candidateTrials
                        + ", " + baselineHits + "/" + baselineTrials);
            }
        }
    }

    /** One prompt's score in both runs. */
    public record PromptValues(double candidate, double baseline) {
    }

    public record Result(double difference, Interval interval, double pValue, int resamples) {
    }

    public static Result run(List<PromptCounts> prompts, int resamples, long seed, double confidence) {
        return resample(prompts.size(), drawn -> difference(prompts, drawn), resamples, seed, confidence);
    }

    /** The difference of the mean per-prompt scores, candidate minus baseline. */
    public static Result runMeans(List<PromptValues> prompts, int resamples, long seed, double confidence) {
        return resample(prompts.size(), drawn -> {
            double sum = 0;
            for (int i : drawn) {
                sum += prompts.get(i).candidate() - prompts.get(i).baseline();
            }
            return sum / drawn.length;
        }, resamples, seed, confidence);
    }

    private static Result resample(int m, ToDoubleFunction<int[]> statistic, int resamples, long seed,
                                   double confidence) {
        if (m == 0) {
            throw new IllegalArgumentException("no prompts to resample");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        int[] all = new int[m];
        for (int i = 0; i < m; i++) {
            all[i] = i;
        }
        double observed = statistic.applyAsDouble(all);
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        int atLeastAsExtreme = 0;
        int[] drawn = new int[m];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < m; i++) {
                drawn[i] = random.nextInt(m);
            }
            differences[b] = statistic.applyAsDouble(drawn);
            if (Math.abs(differences[b] - observed) >= Math.abs(observed)) {
                atLeastAsExtreme++;
            }
        }
        double tail = (1 - confidence) / 2 * 100;
        Interval interval = new Interval(Spread.percentile(differences, tail), Spread.percentile(differences, 100 - tail));
        return new Result(observed, interval, (1.0 + atLeastAsExtreme) / (resamples + 1.0), resamples);
    }

    private static double difference(List<PromptCounts> prompts, int[] indices) {
        long ch = 0, ct = 0, bh = 0, bt = 0;
        for (int i : indices) {
            PromptCounts p = prompts.get(i);
            ch += p.candidateHits();
            ct += p.candidateTrials();
            bh += p.baselineHits();
            bt += p.baselineTrials();
        }
        return (double) ch / ct - (double) bh / bt;
    }
}
