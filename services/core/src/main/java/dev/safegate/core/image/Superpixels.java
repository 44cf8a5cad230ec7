package dev.safegate.core.image;

/** A segmentation of an image into {@code count} superpixels: one label (0..count-1) per pixel, row-major. */
public final class Superpixels {
    private final int width;
    private final int height;
    private final int[] labels;
    private final int count;

    public Superpixels(int width, int height, int[] labels, int count) {
        if (labels.length != width * height) {
            throw new IllegalArgumentException(labels.length + " labels for a " + width + " x " + height + " image");
        }
        for (int label : labels) {
            if (label < 0 || label >= count) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (count - 1));
            }
        }
        this.width = width;
        this.height = height;
        this.labels = labels.clone();
        this.count = count;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int count() {
        return count;
    }

    public int label(int index) {
        return labels[index];
    }

    public int label(int x, int y) {
        return labels[y * width + x];
    }

    /** Pixels per superpixel. */
    public int[] sizes() {
        int[] sizes = new int[count];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }

    /** For each superpixel, the fraction of its pixels inside the region (the region is at this image's size). */
    public double[] insideFraction(ObjectRegion region) {
        if (region.width() != width || region.height() != height) {
            throw new IllegalArgumentException("region of " + region.width() + " x " + region.height()
                    + " on superpixels of " + width + " x " + height);
        }
        int[] inside = new int[count];
        for (int i = 0; i < labels.length; i++) {
            if (region.contains(i)) {
                inside[labels[i]]++;
            }
        }
        int[] sizes = sizes();
        double[] fraction = new double[count];
        for (int k = 0; k < count; k++) {
            fraction[k] = sizes[k] == 0 ? 0 : (double) inside[k] / sizes[k];
        }
        return fraction;
    }
}
