package dev.safegate.core.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image, pixels packed {@code 0xRRGGBB} row by row (alpha dropped). Immutable: the pixel array is
 * copied in and never handed out.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final int[] pixels;

    public RgbImage(int width, int height, int[] pixels) {
        if (width < 1 || height < 1 || pixels.length != width * height) {
            throw new IllegalArgumentException("need " + width + " x " + height + " pixels, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels.clone();
        for (int i = 0; i < this.pixels.length; i++) {
            this.pixels[i] &= 0xFFFFFF;
        }
    }

    public static RgbImage of(BufferedImage image) {
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new RgbImage(image.getWidth(), image.getHeight(), argb);
    }

    /** A PNG, JPEG, GIF or BMP image (what javax.imageio reads). */
    public static RgbImage decode(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw new IllegalArgumentException("not an image javax.imageio can read (" + encoded.length + " bytes)");
            }
            return of(image);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable image: " + e.getMessage(), e);
        }
    }

    public static RgbImage read(Path file) {
        try {
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int rgb(int x, int y) {
        return pixels[y * width + x];
    }

    /** The packed pixel at row-major index {@code i}. */
    public int rgb(int i) {
        return pixels[i];
    }

    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, pixels, 0, width);
        return image;
    }

    public byte[] png() {
        return Png.encode(toBufferedImage());
    }

    /**
     * This image at {@code targetWidth} x {@code targetHeight}, bilinear; a large reduction first halves the image
     * step by step (each step bilinear) so that every source pixel contributes, as an anti-aliased resize does.
     */
    public RgbImage resized(int targetWidth, int targetHeight) {
        if (targetWidth == width && targetHeight == height) {
            return this;
        }
        BufferedImage current = toBufferedImage();
        int w = width;
        int h = height;
        while (w / 2 >= targetWidth && h / 2 >= targetHeight) {
            w /= 2;
            h /= 2;
            current = scale(current, w, h);
        }
        return of(scale(current, targetWidth, targetHeight));
    }

    private static BufferedImage scale(BufferedImage source, int w, int h) {
        BufferedImage target = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** PNG encoding, the one format SafeGate writes. */
    static final class Png {
        private Png() {
        }

        static byte[] encode(BufferedImage image) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IllegalStateException("no PNG writer in this JVM");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
