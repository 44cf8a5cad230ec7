package dev.safegate.core.image;

import java.util.OptionalDouble;

/**
 * The share of an explanation's positive attribution that lies inside the annotated object. A superpixel's positive
 * attribution is spread evenly over its pixels, so one that straddles the object's edge counts in proportion to its
 * pixels inside. Empty when no superpixel has positive attribution (nothing to locate).
 */
public final class ObjectShare {
    private ObjectShare() {
    }

    public static OptionalDouble of(Explanation explanation, Superpixels superpixels, ObjectRegion region) {
        double[] inside = superpixels.insideFraction(region);
        double positive = 0;
        double positiveInside = 0;
        double[] attribution = explanation.attribution();
        for (int k = 0; k < attribution.length; k++) {
            if (attribution[k] > 0) {
                positive += attribution[k];
                positiveInside += attribution[k] * inside[k];
            }
        }
        return positive > 0 ? OptionalDouble.of(positiveInside / positive) : OptionalDouble.empty();
    }
}
