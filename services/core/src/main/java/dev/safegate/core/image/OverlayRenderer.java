package dev.safegate.core.image;

/**
 * The explanation drawn over the image, as a PNG a person reads: the top superpixels in full colour with a magenta
 * outline, everything else darkened, and the annotated object's outline in yellow. Small images are enlarged by
 * whole pixels so that the superpixels stay visible.
 */
public final class OverlayRenderer {
    private static final int EXPLANATION_EDGE = 0xFF00FF;
    private static final int OBJECT_EDGE = 0xFFD700;

    private OverlayRenderer() {
    }

    /** @param scale enlargement in whole pixels (1 = the model's input size) */
    public static byte[] png(AuditedImage audited, int topSuperpixels, int scale) {
        RgbImage image = audited.image();
        Superpixels superpixels = audited.superpixels();
        int w = image.width();
        int h = image.height();
        boolean[] top = new boolean[superpixels.count()];
        for (int k : audited.explanation().topSuperpixels(topSuperpixels)) {
            top[k] = true;
        }
        int[] out = new int[w * scale * h * scale];
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int sx = x / scale;
                int sy = y / scale;
                int label = superpixels.label(sx, sy);
                int rgb = top[label] ? image.rgb(sx, sy) : darken(image.rgb(sx, sy));
                if (audited.region() != null && onEdge(x, y, scale, w, h,
                        (px, py) -> audited.region().contains(px, py))) {
                    rgb = OBJECT_EDGE;
                } else if (top[label] && onEdge(x, y, scale, w, h, (px, py) -> top[superpixels.label(px, py)])) {
                    rgb = EXPLANATION_EDGE;
                }
                out[y * w * scale + x] = rgb;
            }
        }
        return new RgbImage(w * scale, h * scale, out).png();
    }

    private interface Membership {
        boolean contains(int x, int y);
    }

    /** Whether output pixel (x, y) lies on the border of the set: its source pixel's side that faces a non-member. */
    private static boolean onEdge(int x, int y, int scale, int w, int h, Membership set) {
        int sx = x / scale;
        int sy = y / scale;
        if (!set.contains(sx, sy)) {
            return false;
        }
        int lx = x % scale;
        int ly = y % scale;
        return lx == 0 && outside(sx - 1, sy, w, h, set) || lx == scale - 1 && outside(sx + 1, sy, w, h, set)
                || ly == 0 && outside(sx, sy - 1, w, h, set) || ly == scale - 1 && outside(sx, sy + 1, w, h, set);
    }

    private static boolean outside(int x, int y, int w, int h, Membership set) {
        return x < 0 || y < 0 || x >= w || y >= h || !set.contains(x, y);
    }

    private static int darken(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return (r * 3 / 10) << 16 | (g * 3 / 10) << 8 | (b * 3 / 10);
    }
}
