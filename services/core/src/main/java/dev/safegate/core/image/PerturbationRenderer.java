package dev.safegate.core.image;

/**
 * Writes perturbed images straight into model tensors: each tensor element comes from the original image's tensor
 * or from the fill image's tensor, by whether its pixel's superpixel is kept. Both tensors are preprocessed once,
 * so a perturbation costs one pass over the tensor and no image operation.
 */
public final class PerturbationRenderer {
    private final float[] original;
    private final float[] fill;
    private final int[] elementSuperpixel;

    public PerturbationRenderer(RgbImage image, RgbImage fillImage, Superpixels superpixels, Preprocessing preprocessing) {
        preprocessing.requireInputSize(image);
        this.original = preprocessing.tensor(image);
        this.fill = preprocessing.tensor(fillImage);
        this.elementSuperpixel = new int[original.length];
        int pixels = image.width() * image.height();
        for (int i = 0; i < pixels; i++) {
            for (int c = 0; c < 3; c++) {
                elementSuperpixel[preprocessing.index(i, c)] = superpixels.label(i);
            }
        }
    }

    public int tensorLength() {
        return original.length;
    }

    /** Writes the perturbation {@code kept} into {@code out} from {@code offset}. */
    public void render(boolean[] kept, float[] out, int offset) {
        for (int e = 0; e < original.length; e++) {
            out[offset + e] = kept[elementSuperpixel[e]] ? original[e] : fill[e];
        }
    }
}
