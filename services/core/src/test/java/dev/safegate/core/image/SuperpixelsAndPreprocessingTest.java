package dev.safegate.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.image.CleverHansDataset.Sample;
import dev.safegate.core.image.CleverHansDataset.Split;
import org.junit.jupiter.api.Test;

class SuperpixelsAndPreprocessingTest {

    @Test
    void slicMakesAboutTheAskedNumberOfSuperpixelsThatFollowTheObjectsEdge() {
        SlicSegmenter slic = new SlicSegmenter(new SlicSettings(40, 200f));
        int straddling = 0;
        int objectPixels = 0;
        for (Sample sample : CleverHansDataset.generate(Split.AUDIT, 12, 4, 64)) {
            Superpixels superpixels = slic.segment(sample.image());
            assertTrue(superpixels.count() >= 20 && superpixels.count() <= 60, "count " + superpixels.count());
            double[] inside = superpixels.insideFraction(sample.region());
            for (int i = 0; i < 64 * 64; i++) {
                if (sample.region().contains(i)) {
                    objectPixels++;
                    if (inside[superpixels.label(i)] < 0.8) {
                        straddling++;
                    }
                }
            }
        }
        // nearly every object pixel lies in a superpixel that is mostly object
        assertTrue(straddling < 0.1 * objectPixels, straddling + " of " + objectPixels);
    }

    @Test
    void tensorsAreNormalisedPerChannelInTheModelsLayout() {
        RgbImage image = new RgbImage(2, 1, new int[] {0xFF0080, 0x00FF00});
        float[] mean = {0.5f, 0.25f, 0f};
        float[] std = {0.5f, 0.25f, 1f};
        float[] nchw = new Preprocessing(2, 1, Preprocessing.Layout.NCHW, 1 / 255f, mean, std).tensor(image);
        float[] nhwc = new Preprocessing(2, 1, Preprocessing.Layout.NHWC, 1 / 255f, mean, std).tensor(image);
        // channel by channel: R of both pixels, then G, then B
        assertArrayEquals(new float[] {1f, -1f, -1f, 3f, 128 / 255f, 0f}, nchw, 1e-6f);
        assertArrayEquals(new float[] {1f, -1f, 128 / 255f, -1f, 3f, 0f}, nhwc, 1e-6f);
        assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.raw(4, 4, Preprocessing.Layout.NCHW).tensor(image));
    }

    @Test
    void regionsScaleWithTheImageAndRunLengthsRoundTrip() {
        ObjectRegion box = ObjectRegion.box(8, 8, 2, 2, 4, 4);
        assertEquals(16, box.area());
        ObjectRegion again = ObjectRegion.fromRunLengths(8, 8, box.runLengths());
        assertArrayEquals(box.runLengths(), again.runLengths());
        assertEquals(4, box.resized(4, 4).area());
        assertThrows(IllegalArgumentException.class, () -> ObjectRegion.fromRunLengths(8, 8, new int[] {10, 10}));
    }

    @Test
    void theBlurFillKeepsColourAndHidesEdges() {
        Sample sample = CleverHansDataset.generate(Split.AUDIT, 1, 1, 64).get(0);
        RgbImage blurred = new Fill.Blur(6).fillImage(sample.image());
        int edges = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 1; x < 64; x++) {
                int a = blurred.rgb(x, y) & 0xFF;
                int b = blurred.rgb(x - 1, y) & 0xFF;
                edges += Math.abs(a - b) > 40 ? 1 : 0;
            }
        }
        assertEquals(0, edges);
        assertEquals(new Fill.Colour(0x808080), Fill.parse("gray"));
        assertEquals(new Fill.Blur(4.0), Fill.parse("blur"));
        assertEquals(new Fill.Blur(2.5), Fill.parse("blur(2.5)"));
        assertThrows(IllegalArgumentException.class, () -> Fill.parse("mean"));
    }
}
