package dev.safegate.core.image;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.struct.image.GrayF32;

/**
 * What a switched-off superpixel shows in a perturbed image: a constant colour, or the image blurred (which hides
 * detail and keeps colour). LIME's own default, each superpixel's mean colour, hides almost nothing on flat
 * synthetic images, so it is not offered.
 */
public sealed interface Fill {

    /** The image every switched-off superpixel is taken from. */
    RgbImage fillImage(RgbImage image);

    /** A canonical description, e.g. {@code colour(128,128,128)} or {@code blur(4.0)}. */
    String describe();

    static Fill parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.equals("gray") || t.equals("grey")) {
                return new Colour(0x808080);
            }
            if (t.startsWith("blur")) {
                String sigma = t.substring(4).replaceAll("[():=\\s]", "");
                return new Blur(sigma.isEmpty() ? 4.0 : Double.parseDouble(sigma));
            }
            if (t.startsWith("#") && t.length() == 7) {
                return new Colour(Integer.parseInt(t.substring(1), 16));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("fill must be gray, #rrggbb or blur[(sigma)], got '" + text + "'");
    }

    /** A constant colour, packed 0xRRGGBB. */
    record Colour(int rgb) implements Fill {
        @Override
        public RgbImage fillImage(RgbImage image) {
            int[] pixels = new int[image.width() * image.height()];
            java.util.Arrays.fill(pixels, rgb & 0xFFFFFF);
            return new RgbImage(image.width(), image.height(), pixels);
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
        }
    }

    /** The image under a Gaussian blur of this sigma (pixels), by BoofCV. */
    record Blur(double sigma) implements Fill {
        public Blur {
            if (!(sigma > 0 && sigma <= 100)) {
                throw new IllegalArgumentException("blur sigma must lie in (0, 100], got " + sigma);
            }
        }

        @Override
        public RgbImage fillImage(RgbImage image) {
            int w = image.width();
            int h = image.height();
            int[] out = new int[w * h];
            for (int c = 0; c < 3; c++) {
                GrayF32 band = new GrayF32(w, h);
                int shift = 16 - 8 * c;
                for (int i = 0; i < w * h; i++) {
                    band.data[i] = (image.rgb(i) >> shift) & 0xFF;
                }
                GrayF32 blurred = BlurImageOps.gaussian(band, null, sigma, -1, null);
                for (int i = 0; i < w * h; i++) {
                    out[i] |= Math.clamp(Math.round(blurred.data[i]), 0, 255) << shift;
                }
            }
            return new RgbImage(w, h, out);
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "blur(%.1f)", sigma);
        }
    }
}
