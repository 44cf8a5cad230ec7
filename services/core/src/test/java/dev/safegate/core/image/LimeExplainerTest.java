package dev.safegate.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LimeExplainerTest {
    private static final int SIZE = 32;

    /** A 32 x 32 image of four flat quadrants, segmented into those quadrants. */
    private static final RgbImage QUADRANTS = quadrants();
    private static final Superpixels FOUR = new Superpixels(SIZE, SIZE, quadrantLabels(), 4);

    /**
     * A "model" whose probability of class 1 is exactly linear in which quadrants are kept: it reads each quadrant's
     * first pixel from the tensor and compares it with the original. LIME must recover the coefficients.
     */
    private static class LinearInQuadrants implements BatchClassifier {
        final double[] coefficients = {0.4, 0.0, 0.2, -0.1};
        final double intercept = 0.3;
        final Preprocessing preprocessing = new Preprocessing(SIZE, SIZE, Preprocessing.Layout.NHWC, 1 / 255f,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
        final float[] original = preprocessing.tensor(QUADRANTS);
        final AtomicInteger calls = new AtomicInteger();
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public Preprocessing preprocessing() {
            return preprocessing;
        }

        @Override
        public int maxBatchSize() {
            return 16;
        }

        @Override
        public List<String> classNames() {
            return List.of("other", "target");
        }

        @Override
        public synchronized CompletableFuture<float[][]> classify(float[] tensors, int batch) {
            calls.incrementAndGet();
            batchSizes.add(batch);
            int length = preprocessing.tensorLength();
            float[][] rows = new float[batch][];
            for (int b = 0; b < batch; b++) {
                double p = intercept;
                for (int k = 0; k < 4; k++) {
                    int pixel = firstPixel(k);
                    int e = preprocessing.index(pixel, 0);
                    if (tensors[b * length + e] == original[e]) {
                        p += coefficients[k];
                    }
                }
                rows[b] = new float[] {(float) (1 - p), (float) p};
            }
            return CompletableFuture.completedFuture(rows);
        }
    }

    @Test
    void recoversTheCoefficientsOfAModelLinearInTheSuperpixels() {
        LinearInQuadrants model = new LinearInQuadrants();
        LimeSettings settings = new LimeSettings(200, 3, Distance.COSINE, 0.25, new Fill.Colour(0x000000), 1e-4, 2, 3);
        Explanation explanation = new LimeExplainer(settings).explain(QUADRANTS, FOUR, model);

        assertEquals(1, explanation.predictedClass());
        for (int k = 0; k < 4; k++) {
            assertEquals(model.coefficients[k], explanation.attribution()[k], 1e-3, "superpixel " + k);
        }
        assertEquals(model.intercept, explanation.intercept(), 1e-3);
        assertEquals(1.0, explanation.fidelity(), 1e-6);
        assertArrayEquals(new int[] {0, 2}, explanation.topSuperpixels(5));
        assertEquals(200, explanation.samples());
        // 200 perturbations in batches of at most 16 (the model's max_batch_size): 12 full ones and one of 8
        assertEquals(13, model.calls.get());
        assertTrue(model.batchSizes.stream().allMatch(b -> b <= 16));
    }

    @Test
    void theSameSeedGivesTheSameExplanationAndAnotherSeedOtherPerturbations() {
        LimeSettings settings = LimeSettings.DEFAULT.withSamples(60);
        Explanation first = new LimeExplainer(settings).explain(QUADRANTS, FOUR, new LinearInQuadrants());
        Explanation again = new LimeExplainer(settings).explain(QUADRANTS, FOUR, new LinearInQuadrants());
        assertArrayEquals(first.attribution(), again.attribution());
        boolean[][] one = PerturbationSampler.sample(60, 4, 1);
        boolean[][] other = PerturbationSampler.sample(60, 4, 2);
        assertTrue(java.util.stream.IntStream.range(1, 60).anyMatch(i -> !java.util.Arrays.equals(one[i], other[i])));
        assertTrue(java.util.Arrays.equals(one[0], new boolean[] {true, true, true, true}), "the first is the original");
    }

    @Test
    void aFailedModelCallFailsTheExplanationWithTheReason() {
        BatchClassifier failing = new LinearInQuadrants() {
            @Override
            public synchronized CompletableFuture<float[][]> classify(float[] tensors, int batch) {
                return CompletableFuture.failedFuture(new IllegalStateException("model unavailable"));
            }
        };
        var error = assertThrows(LimeExplainer.ClassificationException.class,
                () -> new LimeExplainer(LimeSettings.DEFAULT.withSamples(20)).explain(QUADRANTS, FOUR, failing));
        assertTrue(error.getMessage().contains("model unavailable"), error.getMessage());
    }

    @Test
    void kernelWeightsFollowLimeForCosineAndHamming() {
        assertEquals(0.0, Distance.COSINE.of(10, 10), 1e-12);
        assertEquals(1 - Math.sqrt(0.5), Distance.COSINE.of(5, 10), 1e-12);
        assertEquals(1.0, Distance.COSINE.of(0, 10), 1e-12);
        assertEquals(0.3, Distance.HAMMING.of(7, 10), 1e-12);
        assertEquals(Math.sqrt(Math.exp(-0.04 / 0.0625)), Distance.kernel(0.2, 0.25), 1e-12);
    }

    @Test
    void objectShareCountsPositiveAttributionInsideTheRegionByPixels() {
        // region = the left half: quadrants 0 and 2 wholly inside, 1 and 3 outside
        ObjectRegion left = ObjectRegion.box(SIZE, SIZE, 0, 0, SIZE / 2, SIZE);
        Explanation explanation = new Explanation(1, new float[] {0.1f, 0.9f}, new double[] {0.3, 0.1, 0.1, -0.5}, 0,
                1, 10);
        assertEquals(0.4 / 0.5, ObjectShare.of(explanation, FOUR, left).getAsDouble(), 1e-12);
        // a region covering half of quadrant 1 counts half of its attribution
        ObjectRegion halfOfOne = ObjectRegion.box(SIZE, SIZE, SIZE / 2, 0, SIZE / 4, SIZE / 2);
        assertEquals(0.05 / 0.5, ObjectShare.of(explanation, FOUR, halfOfOne).getAsDouble(), 1e-12);
        Explanation noPositive = new Explanation(1, new float[] {0.1f, 0.9f}, new double[] {-1, 0, -1, 0}, 0, 1, 10);
        assertTrue(ObjectShare.of(noPositive, FOUR, left).isEmpty());
    }

    @Test
    void theShownExplanationLeavesOutAttributionsBelowATenthOfTheLargest() {
        Explanation explanation = new Explanation(1, new float[] {0.1f, 0.9f}, new double[] {0.5, 0.02, 0.3, -0.1},
                0, 1, 10);
        assertArrayEquals(new int[] {0, 2}, explanation.topSuperpixels(5));
        assertArrayEquals(new int[] {0}, explanation.topSuperpixels(1));
    }

    @Test
    void theOverlayShowsTheTopSuperpixelsOutlinedAndDarkensTheRest() {
        Explanation explanation = new Explanation(1, new float[] {0.1f, 0.9f}, new double[] {0.5, 0, 0, 0}, 0, 1, 10);
        ObjectRegion object = ObjectRegion.box(SIZE, SIZE, SIZE / 2, SIZE / 2, SIZE / 2, SIZE / 2);
        AuditedImage audited = new AuditedImage("q", null, QUADRANTS, object, FOUR, explanation, "target", 0.0, 0);
        RgbImage overlay = RgbImage.decode(OverlayRenderer.png(audited, 5, 2));
        assertEquals(2 * SIZE, overlay.width());
        assertEquals(QUADRANTS.rgb(5, 5), overlay.rgb(10, 10), "inside the explanation: the image itself");
        assertEquals(0xFF00FF, overlay.rgb(0, 10), "its edge");
        int darkened = overlay.rgb(2 * SIZE - 10, 10);
        assertTrue((darkened & 0xFF) < (QUADRANTS.rgb(SIZE - 5, 5) & 0xFF), "outside the explanation: darkened");
        assertEquals(0xFFD700, overlay.rgb(SIZE, 2 * SIZE - 10), "the object's edge");
    }

    private static int firstPixel(int quadrant) {
        int x = quadrant % 2 == 0 ? 0 : SIZE / 2;
        int y = quadrant < 2 ? 0 : SIZE / 2;
        return y * SIZE + x;
    }

    private static int[] quadrantLabels() {
        int[] labels = new int[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                labels[y * SIZE + x] = (y < SIZE / 2 ? 0 : 2) + (x < SIZE / 2 ? 0 : 1);
            }
        }
        return labels;
    }

    private static RgbImage quadrants() {
        int[] colours = {0xC83C3C, 0x3CAA46, 0x3C5AC8, 0xE0E0E0};
        int[] labels = quadrantLabels();
        int[] pixels = new int[SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = colours[labels[i]];
        }
        return new RgbImage(SIZE, SIZE, pixels);
    }
}
