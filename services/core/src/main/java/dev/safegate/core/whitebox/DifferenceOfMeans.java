package dev.safegate.core.whitebox;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A direction in a model's residual stream fitted as the difference of two groups' mean activations (at the last
 * prompt token of one layer): e.g. a narrowly fine-tuned model minus its aligned base on the same prompts, or one
 * model's prompts whose answers were judged misaligned minus those judged aligned. The direction points from the
 * negative group's mean to the positive group's.
 */
public final class DifferenceOfMeans {
    private DifferenceOfMeans() {
    }

    /**
     * @param unit the difference of means scaled to length 1
     * @param norm the length of the difference of means (in the residual stream's units)
     */
    public record FittedDirection(double[] unit, double norm, int positives, int negatives) {
        /** The scalar projection of an activation onto the direction. */
        public double project(float[] activation) {
            if (activation.length != unit.length) {
                throw new IllegalArgumentException("activation has " + activation.length
                        + " dimensions, the direction " + unit.length);
            }
            double dot = 0;
            for (int i = 0; i < unit.length; i++) {
                dot += unit[i] * activation[i];
            }
            return dot;
        }

        public double[] project(List<float[]> activations) {
            return activations.stream().mapToDouble(this::project).toArray();
        }
    }

    public static FittedDirection fit(List<float[]> positives, List<float[]> negatives) {
        if (positives.isEmpty() || negatives.isEmpty()) {
            throw new IllegalArgumentException("a direction needs activations in both groups, got "
                    + positives.size() + " positive and " + negatives.size() + " negative");
        }
        int hidden = positives.getFirst().length;
        double[] difference = mean(positives, hidden, "positive");
        double[] negativeMean = mean(negatives, hidden, "negative");
        double squares = 0;
        for (int i = 0; i < hidden; i++) {
            difference[i] -= negativeMean[i];
            squares += difference[i] * difference[i];
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0)) {
            throw new IllegalArgumentException("the two groups have the same mean activation: no direction");
        }
        for (int i = 0; i < hidden; i++) {
            difference[i] /= norm;
        }
        return new FittedDirection(difference, norm, positives.size(), negatives.size());
    }

    /** One direction per layer, for the layers both groups have. */
    public static Map<Integer, FittedDirection> perLayer(Map<Integer, List<float[]>> positives,
            Map<Integer, List<float[]>> negatives) {
        if (!positives.keySet().equals(negatives.keySet())) {
            throw new IllegalArgumentException("the groups have activations of different layers: " + positives.keySet()
                    + " and " + negatives.keySet());
        }
        Map<Integer, FittedDirection> directions = new TreeMap<>();
        positives.forEach((layer, activations) -> {
            try {
                directions.put(layer, fit(activations, negatives.get(layer)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + layer + ": " + e.getMessage(), e);
            }
        });
        return directions;
    }

    public static double cosine(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }

    private static double[] mean(List<float[]> activations, int hidden, String group) {
        double[] sum = new double[hidden];
        for (int n = 0; n < activations.size(); n++) {
            float[] activation = activations.get(n);
            if (activation.length != hidden) {
                throw new IllegalArgumentException(group + " activation " + n + " has " + activation.length
                        + " dimensions, expected " + hidden + " (as the first positive activation)");
            }
            for (int i = 0; i < hidden; i++) {
                if (!Float.isFinite(activation[i])) {
                    throw new IllegalArgumentException(group + " activation " + n + " is not finite at " + i);
                }
                sum[i] += activation[i];
            }
        }
        for (int i = 0; i < hidden; i++) {
            sum[i] /= activations.size();
        }
        return sum;
    }
}
