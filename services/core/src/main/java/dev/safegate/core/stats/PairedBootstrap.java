package dev.safegate.core.stats;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Paired bootstrap over units (prompts, images) for a candidate-minus-baseline difference: each resample draws units
 * with replacement and keeps all their samples from both runs, so the dependence between samples of one prompt and
 * between the two runs is preserved. The interval is the percentile interval of the resampled differences; the
 * two-sided p-value comes from the resampled differences centred on the observed one:
 * (1 + #{|d* - d| >= |d|}) / (B + 1). Deterministic for a given seed and unit order.
 *
 * <p>Three statistics: the difference of two pooled rates when prompts have several samples ({@link #run}); any
 * ratio-of-sums estimate over paired units ({@link #runOnUnits}: an image audit's mean over images, value per image
 * and weight 1, or its rate among confident predictions, weight 0 or 1); and the difference of the means of a
 * per-prompt score such as unsafe@k ({@link #runMeans}).
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

    /**
     * One unit (prompt, image) of a ratio-of-sums estimate in both runs: each run's estimate is sum(value) /
     * sum(weight) over the units. A unit may weigh 0 in one run (it does not count there).
     */
    public record PairedUnit(double candidateValue, double candidateWeight, double baselineValue,
                             double baselineWeight) {
        public PairedUnit {
            if (!(candidateWeight >= 0 && baselineWeight >= 0) || !Double.isFinite(candidateValue)
                    || !Double.isFinite(baselineValue)) {
                throw new IllegalArgumentException("invalid unit " + candidateValue + "/" + candidateWeight + ", "
                        + baselineValue + "/" + baselineWeight);
            }
        }
    }

    /** One prompt's score in both runs. */
    public record PromptValues(double candidate, double baseline) {
    }

    public record Result(double difference, Interval interval, double pValue, int resamples) {
    }

    public static Result run(List<PromptCounts> prompts, int resamples, long seed, double confidence) {
        return runOnUnits(prompts.stream().map(p -> new PairedUnit(p.candidateHits(), p.candidateTrials(),
                p.baselineHits(), p.baselineTrials())).toList(), resamples, seed, confidence);
    }

    /**
     * The paired bootstrap of (candidate sum(value)/sum(weight)) - (baseline sum(value)/sum(weight)). A resample in
     * which one run's units all weigh 0 has no estimate and is drawn again (never the case for prompt counts).
     *
     * @throws IllegalArgumentException when a run's units all weigh 0
     */
    public static Result runOnUnits(List<PairedUnit> units, int resamples, long seed, double confidence) {
        if (!units.isEmpty() && Double.isNaN(ratioDifference(units, allOf(units.size())))) {
            throw new IllegalArgumentException("every unit weighs 0 in one of the runs");
        }
        return resample(units.size(), drawn -> ratioDifference(units, drawn), resamples, seed, confidence);
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

    /** Resamples {@code m} units; a resample whose statistic is undefined (NaN) is drawn again. */
    private static Result resample(int m, ToDoubleFunction<int[]> statistic, int resamples, long seed,
                                   double confidence) {
        if (m == 0) {
            throw new IllegalArgumentException("no units to resample");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        double observed = statistic.applyAsDouble(allOf(m));
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        int atLeastAsExtreme = 0;
        int[] drawn = new int[m];
        for (int b = 0; b < resamples; b++) {
            do {
                for (int i = 0; i < m; i++) {
                    drawn[i] = random.nextInt(m);
                }
                differences[b] = statistic.applyAsDouble(drawn);
            } while (Double.isNaN(differences[b]));
            if (Math.abs(differences[b] - observed) >= Math.abs(observed)) {
                atLeastAsExtreme++;
            }
        }
        double tail = (1 - confidence) / 2 * 100;
        Interval interval = new Interval(Spread.percentile(differences, tail), Spread.percentile(differences, 100 - tail));
        return new Result(observed, interval, (1.0 + atLeastAsExtreme) / (resamples + 1.0), resamples);
    }

    private static int[] allOf(int m) {
        int[] all = new int[m];
        for (int i = 0; i < m; i++) {
            all[i] = i;
        }
        return all;
    }

    /** NaN when one run's drawn units all weigh 0. */
    private static double ratioDifference(List<PairedUnit> units, int[] indices) {
        double cv = 0, cw = 0, bv = 0, bw = 0;
        for (int i : indices) {
            PairedUnit u = units.get(i);
            cv += u.candidateValue();
            cw += u.candidateWeight();
            bv += u.baselineValue();
            bw += u.baselineWeight();
        }
        return cw == 0 || bw == 0 ? Double.NaN : cv / cw - bv / bw;
    }
}
