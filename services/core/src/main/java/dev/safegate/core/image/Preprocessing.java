package dev.safegate.core.image;

import java.util.Locale;

/**
 * What an image classifier expects as input: the image resized to {@code width} x {@code height}, each channel
 * value {@code (pixel * scale - mean[c]) / std[c]} with pixel in 0..255, laid out NCHW or NHWC. A UINT8 model takes
 * raw pixels: scale 1, mean 0, std 1. Taken from the model's configuration, or overridden by the plan.
 */
public record Preprocessing(int width, int height, Layout layout, float scale, float[] mean, float[] std) {

    /** The order of a tensor's dimensions after the batch dimension. */
    public enum Layout {
        /** channels, height, width (PyTorch, Triton's FORMAT_NCHW) */
        NCHW,
        /** height, width, channels (TensorFlow, Triton's FORMAT_NHWC) */
        NHWC;

        public static Layout parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    public Preprocessing {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + width + " x " + height);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per channel (3)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Raw 0..255 pixels, as a UINT8 model takes them. */
    public static Preprocessing raw(int width, int height, Layout layout) {
        return new Preprocessing(width, height, layout, 1f, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /** Values per image: 3 x height x width. */
    public int tensorLength() {
        return 3 * width * height;
    }

    /** The tensor of an image already at the input size. */
    public float[] tensor(RgbImage image) {
        requireInputSize(image);
        float[] tensor = new float[tensorLength()];
        int pixels = width * height;
        for (int i = 0; i < pixels; i++) {
            int rgb = image.rgb(i);
            for (int c = 0; c < 3; c++) {
                int value = (rgb >> (16 - 8 * c)) & 0xFF;
                tensor[index(i, c)] = (value * scale - mean[c]) / std[c];
            }
        }
        return tensor;
    }

    /** Where channel {@code c} of pixel {@code pixel} (row-major) goes in an image's tensor. */
    public int index(int pixel, int c) {
        return layout == Layout.NCHW ? c * width * height + pixel : pixel * 3 + c;
    }

    public void requireInputSize(RgbImage image) {
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("image of " + image.width() + " x " + image.height()
                    + " where the model takes " + width + " x " + height);
        }
    }
}
