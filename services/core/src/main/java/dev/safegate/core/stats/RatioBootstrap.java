package dev.safegate.core.stats;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The percentile bootstrap interval of one run's ratio-of-sums estimate, sum(value) / sum(weight) over units
 * (images) drawn with replacement: a mean over images (weight 1 each), or a rate among the units that count (weight
 * 1) with the others weighing 0. A resample whose units all weigh 0 is drawn again. Deterministic for a seed.
 */
public final class RatioBootstrap {
    private RatioBootstrap() {
    }

    public record Unit(double value, double weight) {
        public Unit {
            if (!(weight >= 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("invalid unit " + value + "/" + weight);
            }
        }
    }

    /** @throws IllegalArgumentException when there are no units or they all weigh 0 */
    public static Interval interval(List<Unit> units, int resamples, long seed, double confidence) {
        double total = units.stream().mapToDouble(Unit::weight).sum();
        if (units.isEmpty() || total == 0) {
            throw new IllegalArgumentException("no unit with weight to resample");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int m = units.size();
        double[] estimates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double value;
            double weight;
            do {
                value = 0;
                weight = 0;
                for (int i = 0; i < m; i++) {
                    Unit u = units.get(random.nextInt(m));
                    value += u.value();
                    weight += u.weight();
                }
            } while (weight == 0);
            estimates[b] = value / weight;
        }
        double tail = (1 - confidence) / 2 * 100;
        return new Interval(Spread.percentile(estimates, tail), Spread.percentile(estimates, 100 - tail));
    }

    /** sum(value) / sum(weight); NaN when every unit weighs 0. */
    public static double estimate(List<Unit> units) {
        double value = units.stream().mapToDouble(Unit::value).sum();
        double weight = units.stream().mapToDouble(Unit::weight).sum();
        return weight == 0 ? Double.NaN : value / weight;
    }
}
