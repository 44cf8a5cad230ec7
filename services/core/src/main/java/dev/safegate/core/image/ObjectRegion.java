package dev.safegate.core.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the object of an image lies, as a pixel mask at the image's size: from an annotated box or mask. The audit
 * asks how much of an explanation's positive attribution falls inside it.
 */
public final class ObjectRegion {
    private final int width;
    private final int height;
    private final boolean[] inside;

    private ObjectRegion(int width, int height, boolean[] inside) {
        this.width = width;
        this.height = height;
        this.inside = inside;
    }

    public static ObjectRegion mask(int width, int height, boolean[] inside) {
        if (inside.length != width * height) {
            throw new IllegalArgumentException("mask of " + inside.length + " pixels for a " + width + " x " + height
                    + " image");
        }
        return new ObjectRegion(width, height, inside.clone());
    }

    /** The box [x, y) to [x + boxWidth, y + boxHeight), clipped to the image. */
    public static ObjectRegion box(int width, int height, int x, int y, int boxWidth, int boxHeight) {
        if (boxWidth < 1 || boxHeight < 1) {
            throw new IllegalArgumentException("box of " + boxWidth + " x " + boxHeight + " pixels");
        }
        boolean[] inside = new boolean[width * height];
        for (int row = Math.max(0, y); row < Math.min(height, y + boxHeight); row++) {
            for (int column = Math.max(0, x); column < Math.min(width, x + boxWidth); column++) {
                inside[row * width + column] = true;
            }
        }
        return new ObjectRegion(width, height, inside);
    }

    /**
     * A mask from run lengths over the pixels in row-major order, starting with a run of outside pixels (which may
     * be 0): COCO's uncompressed RLE, but row by row.
     */
    public static ObjectRegion fromRunLengths(int width, int height, int[] counts) {
        boolean[] inside = new boolean[width * height];
        int position = 0;
        boolean value = false;
        for (int count : counts) {
            if (count < 0 || position + count > inside.length) {
                throw new IllegalArgumentException("run lengths overrun a " + width + " x " + height + " mask");
            }
            if (value) {
                java.util.Arrays.fill(inside, position, position + count, true);
            }
            position += count;
            value = !value;
        }
        if (position != inside.length) {
            throw new IllegalArgumentException("run lengths cover " + position + " of " + inside.length + " pixels");
        }
        return new ObjectRegion(width, height, inside);
    }

    public int[] runLengths() {
        List<Integer> counts = new ArrayList<>();
        boolean value = false;
        int run = 0;
        for (boolean pixel : inside) {
            if (pixel != value) {
                counts.add(run);
                run = 0;
                value = pixel;
            }
            run++;
        }
        counts.add(run);
        return counts.stream().mapToInt(Integer::intValue).toArray();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean contains(int x, int y) {
        return inside[y * width + x];
    }

    public boolean contains(int index) {
        return inside[index];
    }

    public int area() {
        int area = 0;
        for (boolean pixel : inside) {
            if (pixel) {
                area++;
            }
        }
        return area;
    }

    /** The same region on the image resized to {@code targetWidth} x {@code targetHeight} (nearest pixel). */
    public ObjectRegion resized(int targetWidth, int targetHeight) {
        if (targetWidth == width && targetHeight == height) {
            return this;
        }
        boolean[] scaled = new boolean[targetWidth * targetHeight];
        for (int y = 0; y < targetHeight; y++) {
            int sourceY = Math.min(height - 1, (int) ((y + 0.5) * height / targetHeight));
            for (int x = 0; x < targetWidth; x++) {
                int sourceX = Math.min(width - 1, (int) ((x + 0.5) * width / targetWidth));
                scaled[y * targetWidth + x] = inside[sourceY * width + sourceX];
            }
        }
        return new ObjectRegion(targetWidth, targetHeight, scaled);
    }
}
