package dev.safegate.core.image;

import java.util.SplittableRandom;

/**
 * LIME's perturbations: the first keeps every superpixel (the original image), each other one keeps each superpixel
 * with probability 1/2, independently. Deterministic for a seed.
 */
public final class PerturbationSampler {
    private PerturbationSampler() {
    }

    /** {@code samples} rows of {@code superpixels} flags: true = the superpixel is kept. */
    public static boolean[][] sample(int samples, int superpixels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[][] on = new boolean[samples][superpixels];
        java.util.Arrays.fill(on[0], true);
        for (int s = 1; s < samples; s++) {
            for (int k = 0; k < superpixels; k++) {
                on[s][k] = random.nextBoolean();
            }
        }
        return on;
    }
}
