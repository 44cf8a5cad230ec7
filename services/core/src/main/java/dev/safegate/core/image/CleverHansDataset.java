package dev.safegate.core.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A procedurally generated "Clever Hans" image set: a light shape (circle, square or triangle: the class) on a
 * coloured, slightly noisy background, with the shape's exact mask as its object region. In the {@code training}
 * split the background colour goes with the class ({@link #BACKGROUNDS}, 90% of images), so a classifier can reach
 * high accuracy from the background alone; in the {@code audit} split the colour is drawn independently of the
 * class, so only a classifier that looks at the shape stays right. Deterministic for (split, count, seed, size).
 */
public final class CleverHansDataset {
    public static final List<String> CLASSES = List.of("circle", "square", "triangle");
    /** The background colour that goes with each class in the training split (circle red, square green, triangle blue). */
    public static final List<Integer> BACKGROUNDS = List.of(0xC83C3C, 0x3CAA46, 0x3C5AC8);
    static final double TRAINING_CORRELATION = 0.9;

    public enum Split {
        TRAINING, AUDIT;

        public static Split parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One generated image with its class and object mask. */
    public record Sample(String imageId, RgbImage image, String label, ObjectRegion region, int backgroundClass) {
    }

    private CleverHansDataset() {
    }

    public static List<Sample> generate(Split split, int count, long seed, int size) {
        if (count < 1 || size < 16 || size > 1024) {
            throw new IllegalArgumentException("need count >= 1 and size in 16..1024, got " + count + ", " + size);
        }
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // One generator per image, so an image does not depend on how many come before it.
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i * 7919L + split.ordinal());
            int shape = i % CLASSES.size();
            int background = switch (split) {
                case TRAINING -> random.nextDouble() < TRAINING_CORRELATION ? shape
                        : (shape + 1 + random.nextInt(CLASSES.size() - 1)) % CLASSES.size();
                case AUDIT -> random.nextInt(CLASSES.size());
            };
            samples.add(draw(String.format(Locale.ROOT, "clever-hans-%s-%04d", split.key(), i), shape, background,
                    size, random));
        }
        return samples;
    }

    private static Sample draw(String id, int shape, int background, int size, SplittableRandom random) {
        double half = size * (0.14 + 0.08 * random.nextDouble());
        double margin = half + size * 0.04;
        double cx = margin + random.nextDouble() * (size - 2 * margin);
        double cy = margin + random.nextDouble() * (size - 2 * margin);
        int shade = 225 + random.nextInt(31);
        int objectColour = shade << 16 | shade << 8 | shade;
        int base = BACKGROUNDS.get(background);
        int[] pixels = new int[size * size];
        boolean[] mask = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                mask[i] = inside(shape, x + 0.5 - cx, y + 0.5 - cy, half);
                pixels[i] = mask[i] ? objectColour : jitter(base, random);
            }
        }
        return new Sample(id, new RgbImage(size, size, pixels), CLASSES.get(shape), ObjectRegion.mask(size, size, mask),
                background);
    }

    private static boolean inside(int shape, double dx, double dy, double half) {
        return switch (shape) {
            case 0 -> dx * dx + dy * dy <= half * half;
            case 1 -> Math.abs(dx) <= half && Math.abs(dy) <= half;
            // apex at the top, base at the bottom: the width grows linearly from 0 to 2 * half
            default -> dy >= -half && dy <= half && Math.abs(dx) <= (dy + half) / 2;
        };
    }

    private static int jitter(int rgb, SplittableRandom random) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int value = Math.clamp(((rgb >> shift) & 0xFF) + random.nextInt(17) - 8, 0, 255);
            out |= value << shift;
        }
        return out;
    }
}
