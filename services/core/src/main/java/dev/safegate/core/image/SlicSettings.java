package dev.safegate.core.image;

/**
 * @param superpixels  about how many superpixels to make (SLIC seeds a grid of this many)
 * @param compactness  SLIC's weight of position against colour (BoofCV's {@code spacialWeight}, 0-255 colour
 *                     scale): higher gives squarer superpixels that follow edges less
 */
public record SlicSettings(int superpixels, float compactness) {
    /** About 13 x 13-pixel superpixels on a 64 x 64 input; see the README on how the count changes explanations. */
    public static final SlicSettings DEFAULT = new SlicSettings(25, 200f);

    public SlicSettings {
        if (superpixels < 2 || superpixels > 10_000) {
            throw new IllegalArgumentException("superpixels must lie in 2..10000, got " + superpixels);
        }
        if (!(compactness > 0)) {
            throw new IllegalArgumentException("compactness must be > 0, got " + compactness);
        }
    }
}
