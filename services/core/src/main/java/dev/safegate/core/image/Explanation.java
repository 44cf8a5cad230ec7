package dev.safegate.core.image;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * LIME's explanation of one image's top class.
 *
 * @param predictedClass index of the class with the highest probability on the original image (the one explained)
 * @param probabilities  the model's class probabilities on the original image
 * @param attribution    the surrogate's coefficient per superpixel: how much keeping that superpixel adds to the
 *                       explained class's probability
 * @param intercept      the surrogate's prediction with every superpixel switched off
 * @param fidelity       weighted R^2 of the surrogate on the perturbations: low means the explanation itself is weak
 * @param samples        perturbations classified (the original included)
 */
public record Explanation(int predictedClass, float[] probabilities, double[] attribution, double intercept,
                          double fidelity, int samples) {
    /** The smallest attribution shown, relative to the largest. */
    public static final double MIN_SHOWN = 0.1;

    public double confidence() {
        return probabilities[predictedClass];
    }

    public int superpixelCount() {
        return attribution.length;
    }

    /**
     * The shown explanation: the {@code n} superpixels with the largest positive attribution, largest first, leaving
     * out any below a tenth of the largest (LIME's min_weight, relative), which would show noise as evidence when the
     * evidence lies in fewer than {@code n} superpixels.
     */
    public int[] topSuperpixels(int n) {
        double largest = java.util.Arrays.stream(attribution).max().orElse(0);
        return IntStream.range(0, attribution.length)
                .filter(k -> attribution[k] > 0 && attribution[k] >= largest * MIN_SHOWN)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -attribution[k]).thenComparingInt(k -> k))
                .limit(n)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Override
    public String toString() {
        return "Explanation[class " + predictedClass + " p=" + confidence() + ", " + attribution.length
                + " superpixels, fidelity " + fidelity + ", attribution " + Arrays.toString(attribution) + "]";
    }
}
