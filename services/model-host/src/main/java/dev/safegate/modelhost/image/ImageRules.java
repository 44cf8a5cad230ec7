package dev.safegate.modelhost.image;

/**
 * The two synthetic decision rules, over one image's pixels (0..1, RGB per pixel). Each gives class logits; both are
 * sharp enough that an intact Clever Hans image is classified with p > 0.99.
 */
final class ImageRules {
    /** A pixel is part of the light object when all channels are at least this bright ... */
    static final double OBJECT_MIN = 200 / 255.0;
    /** ... and no channel differs from another by more than this (unsaturated). */
    static final double OBJECT_MAX_SPREAD = 40 / 255.0;
    /** A pixel is a class's background when each channel is within this of the class's colour. */
    static final double BACKGROUND_TOLERANCE = 40 / 255.0;
    /** Fewer object pixels than this and the shape model sees nothing. */
    static final int MIN_OBJECT_PIXELS = 12;
    private static final double SHAPE_SHARPNESS = 1 / (2 * 0.06 * 0.06);
    private static final double COLOUR_SHARPNESS = 10;

    private ImageRules() {
    }

    /**
     * The object model: the shape's fill ratio of its bounding box against each class's; all logits 0 (a uniform
     * answer) when no object is visible. Removing part of the object changes the ratio, so the evidence lies in it.
     */
    static double[] objectShape(float[][] rgb, int width, int height, double[] fillRatios) {
        int count = 0;
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int i = 0; i < width * height; i++) {
            float[] p = rgb[i];
            double min = Math.min(p[0], Math.min(p[1], p[2]));
            double max = Math.max(p[0], Math.max(p[1], p[2]));
            if (min >= OBJECT_MIN && max - min <= OBJECT_MAX_SPREAD) {
                count++;
                int x = i % width;
                int y = i / width;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
        }
        double[] logits = new double[fillRatios.length];
        if (count < MIN_OBJECT_PIXELS) {
            return logits;
        }
        double fill = (double) count / ((maxX - minX + 1) * (maxY - minY + 1));
        for (int c = 0; c < logits.length; c++) {
            logits[c] = -(fill - fillRatios[c]) * (fill - fillRatios[c]) * SHAPE_SHARPNESS;
        }
        return logits;
    }

    /**
     * The shortcut model: the share of the image in each class's background colour. Every background pixel adds
     * evidence, so the evidence lies outside the object.
     */
    static double[] backgroundColour(float[][] rgb, int width, int height, float[][] backgrounds) {
        double[] logits = new double[backgrounds.length];
        for (int i = 0; i < width * height; i++) {
            float[] p = rgb[i];
            for (int c = 0; c < backgrounds.length; c++) {
                float[] b = backgrounds[c];
                if (Math.abs(p[0] - b[0]) <= BACKGROUND_TOLERANCE && Math.abs(p[1] - b[1]) <= BACKGROUND_TOLERANCE
                        && Math.abs(p[2] - b[2]) <= BACKGROUND_TOLERANCE) {
                    logits[c] += 1;
                }
            }
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] = logits[c] / (width * height) * COLOUR_SHARPNESS;
        }
        return logits;
    }

    static float[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
