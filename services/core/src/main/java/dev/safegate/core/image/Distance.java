package dev.safegate.core.image;

/**
 * How far a perturbation (superpixels on/off) is from the original image (all on), as LIME measures it before its
 * exponential kernel: cosine distance (lime_image's default) or the Hamming distance (share of superpixels off).
 */
public enum Distance {
    COSINE, HAMMING;

    /** {@code on} of {@code total} superpixels are kept. */
    public double of(int on, int total) {
        return switch (this) {
            // cosine similarity of a 0/1 vector with the all-ones vector is on / sqrt(on * total)
            case COSINE -> on == 0 ? 1.0 : 1.0 - Math.sqrt((double) on / total);
            case HAMMING -> (double) (total - on) / total;
        };
    }

    /** LIME's kernel: sqrt(exp(-d^2 / width^2)). */
    public static double kernel(double distance, double width) {
        return Math.sqrt(Math.exp(-(distance * distance) / (width * width)));
    }

    public static Distance parse(String text) {
        return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
