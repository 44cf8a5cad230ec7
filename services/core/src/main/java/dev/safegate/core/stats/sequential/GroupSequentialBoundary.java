package dev.safegate.core.stats.sequential;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * One-sided efficacy boundaries of a group-sequential test: reject at look k when the standardised statistic
 * Z_k >= z[k]. Under the null the statistics are those of a Brownian motion observed at the information fractions
 * (Cov(Z_j, Z_k) = sqrt(t_j / t_k)), and z[k] is chosen so that the probability of first crossing at look k is
 * exactly what the spending function allots to it. The crossing probabilities are computed by the recursive
 * numerical integration of Armitage, McPherson and Rowe (Jennison and Turnbull, ch. 19) on the score scale,
 * S_k = Z_k sqrt(t_k), with Simpson's rule; commons-math3 provides the normal distribution and the root finder.
 *
 * @param alpha     one-sided level spent over all looks
 * @param fractions information fractions of the looks, strictly increasing, the last one 1
 * @param z         the boundary at each look
 */
public record GroupSequentialBoundary(double alpha, SpendingFunction spending, List<Double> fractions,
                                      List<Double> z) {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    /** Grid points per unit of standard deviation of the score at the previous look. */
    private static final int POINTS_PER_SD = 100;
    /** The score's density is ignored beyond this many standard deviations (its mass there is < 1e-15). */
    private static final double LOWER_SDS = 8;
    private static final Map<Key, GroupSequentialBoundary> CACHE = new ConcurrentHashMap<>();

    public GroupSequentialBoundary {
        fractions = List.copyOf(fractions);
        z = List.copyOf(z);
    }

    /** The boundary for these looks, computed once per (alpha, spending, looks) and then shared. */
    public static GroupSequentialBoundary of(double alpha, SpendingFunction spending, List<Double> fractions) {
        return CACHE.computeIfAbsent(new Key(alpha, spending, List.copyOf(fractions)),
                k -> compute(k.alpha(), k.spending(), k.fractions()));
    }

    public double at(int look) {
        return z.get(look);
    }

    private static GroupSequentialBoundary compute(double alpha, SpendingFunction spending, List<Double> fractions) {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("one-sided alpha must lie in (0, 0.5), got " + alpha);
        }
        validate(fractions);
        int looks = fractions.size();
        double[] bounds = new double[looks];
        double t0 = fractions.get(0);
        bounds[0] = spending.spent(alpha, t0) <= 0 ? Double.POSITIVE_INFINITY
                : NORMAL.inverseCumulativeProbability(1 - spending.spent(alpha, t0));
        // density of the score S_1 on the continuation region (-inf, bounds[0] sqrt(t0)), on a grid
        Grid density = Grid.of(-LOWER_SDS * Math.sqrt(t0), bounds[0] * Math.sqrt(t0), Math.sqrt(t0),
                s -> NORMAL.density(s / Math.sqrt(t0)) / Math.sqrt(t0));
        double spentBefore = spending.spent(alpha, t0);
        for (int k = 1; k < looks; k++) {
            double t = fractions.get(k);
            double dt = t - fractions.get(k - 1);
            double target = spending.spent(alpha, t) - spentBefore;
            Grid previous = density;
            double sdDt = Math.sqrt(dt);
            // probability of crossing at look k (and not before) when the boundary on the Z scale is b
            java.util.function.DoubleUnaryOperator crossing = b -> previous.integrate(
                    x -> 1 - NORMAL.cumulativeProbability((b * Math.sqrt(t) - x) / sdDt));
            bounds[k] = target <= 0 ? Double.POSITIVE_INFINITY
                    : new BrentSolver(1e-10).solve(200, b -> crossing.applyAsDouble(b) - target, -2, 12);
            double upper = bounds[k] * Math.sqrt(t);
            density = Grid.of(-LOWER_SDS * Math.sqrt(t), upper, Math.sqrt(t),
                    s -> previous.integrate(x -> NORMAL.density((s - x) / sdDt) / sdDt));
            spentBefore += target;
        }
        return new GroupSequentialBoundary(alpha, spending, fractions, Arrays.stream(bounds).boxed().toList());
    }

    static void validate(List<Double> fractions) {
        if (fractions.isEmpty()) {
            throw new IllegalArgumentException("a sequential test needs at least one look");
        }
        for (int k = 0; k < fractions.size(); k++) {
            double t = fractions.get(k);
            double previous = k == 0 ? 0 : fractions.get(k - 1);
            if (!(t > previous && t <= 1)) {
                throw new IllegalArgumentException("looks must be strictly increasing fractions in (0, 1], got "
                        + fractions);
            }
        }
        if (fractions.get(fractions.size() - 1) != 1.0) {
            throw new IllegalArgumentException("the last look must be at 1.0 (the whole plan), got " + fractions);
        }
    }

    /** A function tabulated at odd-count equally spaced points, integrated against another with Simpson's rule. */
    private record Grid(double[] x, double[] f, double h) {
        static Grid of(double lo, double boundary, double sd, java.util.function.DoubleUnaryOperator fn) {
            double hi = Math.min(boundary, LOWER_SDS * sd); // an infinite boundary (nothing spent) ends there
            int n = Math.max(2, (int) Math.ceil((hi - lo) / sd * POINTS_PER_SD));
            n += n % 2; // Simpson needs an even number of intervals
            double h = (hi - lo) / n;
            double[] x = new double[n + 1];
            double[] f = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                x[i] = lo + i * h;
                f[i] = fn.applyAsDouble(x[i]);
            }
            return new Grid(x, f, h);
        }

        /** The integral of f(x) g(x) over the grid. */
        double integrate(java.util.function.DoubleUnaryOperator g) {
            int n = x.length - 1;
            double sum = f[0] * g.applyAsDouble(x[0]) + f[n] * g.applyAsDouble(x[n]);
            for (int i = 1; i < n; i++) {
                sum += (i % 2 == 1 ? 4 : 2) * f[i] * g.applyAsDouble(x[i]);
            }
            return sum * h / 3;
        }
    }

    private record Key(double alpha, SpendingFunction spending, List<Double> fractions) {
    }
}
