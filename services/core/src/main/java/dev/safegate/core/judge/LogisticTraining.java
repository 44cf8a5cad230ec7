package dev.safegate.core.judge;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fits a {@link LogisticModel} by full-batch gradient descent with AdaGrad steps on the L2-penalised, weighted
 * log loss. Deterministic: features are indexed in sorted order and every sum runs in example order, so the
 * same examples give the same weights on any JVM.
 *
 * @param minExamples a feature is kept only if at least this many training examples have it (rare n-grams
 *                    would memorise single answers)
 * @param l2          penalty on the squared weights, per unit of example weight
 * @param iterations  gradient steps
 * @param step        AdaGrad base step
 * @param minWeight   weights smaller than this in magnitude are dropped from the model (each changes the odds by
 *                    under 1% at 0.01): a smaller file, the same decisions but for a hair's breadth
 */
record LogisticTraining(int minExamples, double l2, int iterations, double step, double minWeight) {
    static final LogisticTraining DEFAULT = new LogisticTraining(3, 1e-3, 300, 0.5, 0.01);

    /** One training response: its features, whether it refused, and how much it counts. */
    record Example(Set<String> features, boolean refused, double weight) {
    }

    LogisticModel fit(List<Example> examples) {
        Map<String, Integer> index = vocabulary(examples);
        int[][] rows = new int[examples.size()][];
        double totalWeight = 0;
        for (int i = 0; i < examples.size(); i++) {
            rows[i] = examples.get(i).features().stream().filter(index::containsKey).mapToInt(index::get).toArray();
            totalWeight += examples.get(i).weight();
        }
        double[] w = new double[index.size() + 1]; // the last one is the bias
        double[] squares = new double[w.length];
        double[] gradient = new double[w.length];
        int bias = index.size();
        for (int iteration = 0; iteration < iterations; iteration++) {
            Arrays.fill(gradient, 0);
            for (int i = 0; i < rows.length; i++) {
                double z = w[bias];
                for (int f : rows[i]) {
                    z += w[f];
                }
                Example example = examples.get(i);
                double error = (1.0 / (1.0 + StrictMath.exp(-z)) - (example.refused() ? 1 : 0)) * example.weight();
                for (int f : rows[i]) {
                    gradient[f] += error;
                }
                gradient[bias] += error;
            }
            for (int f = 0; f < w.length; f++) {
                double g = gradient[f] / totalWeight + (f == bias ? 0 : l2 * w[f]);
                squares[f] += g * g;
                if (squares[f] > 0) {
                    w[f] -= step * g / Math.sqrt(squares[f]);
                }
            }
        }
        Map<String, Double> weights = new TreeMap<>();
        index.forEach((feature, f) -> {
            if (Math.abs(w[f]) >= minWeight) {
                weights.put(feature, round(w[f]));
            }
        });
        return new LogisticModel(round(w[bias]), weights);
    }

    private Map<String, Integer> vocabulary(List<Example> examples) {
        Map<String, Integer> counts = new HashMap<>();
        for (Example example : examples) {
            example.features().forEach(f -> counts.merge(f, 1, Integer::sum));
        }
        TreeSet<String> kept = new TreeSet<>();
        counts.forEach((feature, n) -> {
            if (n >= minExamples) {
                kept.add(feature);
            }
        });
        Map<String, Integer> index = new HashMap<>();
        for (String feature : kept) {
            index.put(feature, index.size());
        }
        return index;
    }

    /** The precision the model file keeps, so that a model scored in memory and one read back agree exactly. */
    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
    }
}
