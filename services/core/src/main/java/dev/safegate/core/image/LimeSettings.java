package dev.safegate.core.image;

/**
 * How LIME explains one image.
 *
 * @param samples      perturbed images per explanation, the original included (LIME's num_samples)
 * @param seed         seeds which superpixels each perturbation switches off
 * @param distance     distance of a perturbation from the original, before the kernel
 * @param kernelWidth  width of LIME's exponential kernel (0.25 in lime_image)
 * @param fill         what switched-off superpixels show
 * @param ridgeAlpha   L2 penalty of the weighted linear surrogate (1.0, scikit-learn's default, in LIME)
 * @param topSuperpixels how many of the highest positive attributions make up the shown explanation
 * @param batchesInFlight model calls kept in flight (pipelining hides the model's latency); an {@link ImageAuditor}
 *                     shares them among the images it audits at once
 */
public record LimeSettings(int samples, long seed, Distance distance, double kernelWidth, Fill fill, double ridgeAlpha,
                           int topSuperpixels, int batchesInFlight) {
    public static final LimeSettings DEFAULT =
            new LimeSettings(500, 1, Distance.COSINE, 0.25, new Fill.Colour(0x808080), 1.0, 5, 8);

    public LimeSettings {
        if (samples < 10 || samples > 100_000) {
            throw new IllegalArgumentException("samples must lie in 10..100000, got " + samples);
        }
        java.util.Objects.requireNonNull(distance, "distance");
        java.util.Objects.requireNonNull(fill, "fill");
        if (!(kernelWidth > 0)) {
            throw new IllegalArgumentException("kernel width must be > 0, got " + kernelWidth);
        }
        if (!(ridgeAlpha > 0)) {
            throw new IllegalArgumentException("ridge alpha must be > 0, got " + ridgeAlpha);
        }
        if (topSuperpixels < 1) {
            throw new IllegalArgumentException("topSuperpixels must be >= 1, got " + topSuperpixels);
        }
        if (batchesInFlight < 1) {
            throw new IllegalArgumentException("batchesInFlight must be >= 1, got " + batchesInFlight);
        }
    }

    public LimeSettings withSamples(int samples) {
        return new LimeSettings(samples, seed, distance, kernelWidth, fill, ridgeAlpha, topSuperpixels, batchesInFlight);
    }

    public LimeSettings withSeed(long seed) {
        return new LimeSettings(samples, seed, distance, kernelWidth, fill, ridgeAlpha, topSuperpixels, batchesInFlight);
    }
}
