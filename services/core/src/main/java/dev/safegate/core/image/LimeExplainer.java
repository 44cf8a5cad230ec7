package dev.safegate.core.image;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * LIME for images (Ribeiro et al., 2016, as lime_image implements it) over given superpixels: classify perturbed
 * copies of the image with superpixels switched off, weight each by LIME's exponential kernel on its distance from
 * the original, and fit a weighted ridge regression of the top class's probability on the kept/switched-off
 * indicators. Perturbations go to the model in batches of its max_batch_size, several batches in flight.
 */
public final class LimeExplainer {
    private final LimeSettings settings;

    public LimeExplainer(LimeSettings settings) {
        this.settings = settings;
    }

    public LimeSettings settings() {
        return settings;
    }

    /**
     * Explains the model's top class on {@code image}, which must be at the model's input size, with at most
     * {@link LimeSettings#batchesInFlight()} model calls in flight.
     *
     * @throws ClassificationException when a model call fails or answers malformed probabilities
     */
    public Explanation explain(RgbImage image, Superpixels superpixels, BatchClassifier classifier) {
        return explain(image, superpixels, classifier, new Semaphore(settings.batchesInFlight()));
    }

    /**
     * As {@link #explain(RgbImage, Superpixels, BatchClassifier)}, with model calls in flight limited by a window
     * shared with other explanations: while one image waits for its last batches, another's fill the window, so an
     * audit of many images keeps the model as busy as a client that only sends batches.
     */
    public Explanation explain(RgbImage image, Superpixels superpixels, BatchClassifier classifier, Semaphore window) {
        PerturbationRenderer renderer = new PerturbationRenderer(image, settings.fill().fillImage(image), superpixels,
                classifier.preprocessing());
        boolean[][] kept = PerturbationSampler.sample(settings.samples(), superpixels.count(), settings.seed());
        float[][] probabilities = classifyAll(kept, renderer, classifier, window);
        int explained = argmax(probabilities[0]);
        int k = superpixels.count();
        double[][] features = new double[kept.length][k];
        double[] targets = new double[kept.length];
        double[] weights = new double[kept.length];
        for (int s = 0; s < kept.length; s++) {
            int on = 0;
            for (int j = 0; j < k; j++) {
                if (kept[s][j]) {
                    features[s][j] = 1;
                    on++;
                }
            }
            targets[s] = probabilities[s][explained];
            weights[s] = Distance.kernel(settings.distance().of(on, k), settings.kernelWidth());
        }
        WeightedRidge.Fit fit = WeightedRidge.fit(features, targets, weights, settings.ridgeAlpha());
        return new Explanation(explained, probabilities[0].clone(), fit.coefficients(), fit.intercept(), fit.fidelity(),
                kept.length);
    }

    private float[][] classifyAll(boolean[][] kept, PerturbationRenderer renderer, BatchClassifier classifier,
                                  Semaphore window) {
        int batchSize = Math.max(1, classifier.maxBatchSize());
        int length = renderer.tensorLength();
        float[][] probabilities = new float[kept.length][];
        record Pending(int start, int count, CompletableFuture<float[][]> result) {
        }
        List<Pending> sent = new ArrayList<>();
        // One buffer for every batch: the classifier has read it when classify returns (no 1.5 MB array per batch).
        float[] tensors = new float[batchSize * length];
        try {
            for (int start = 0; start < kept.length; start += batchSize) {
                int count = Math.min(batchSize, kept.length - start);
                for (int i = 0; i < count; i++) {
                    renderer.render(kept[start + i], tensors, i * length);
                }
                window.acquireUninterruptibly();
                CompletableFuture<float[][]> result;
                try {
                    result = classifier.classify(tensors, count);
                } catch (RuntimeException e) {
                    window.release();
                    throw new ClassificationException("model call failed: " + e.getMessage(), e);
                }
                result.whenComplete((rows, error) -> window.release());
                sent.add(new Pending(start, count, result));
            }
        } finally {
            // every batch sent is waited for, so that no permit is held past this explanation
            sent.forEach(p -> p.result().exceptionally(error -> null).join());
        }
        for (Pending p : sent) {
            collect(p.start(), p.count(), p.result(), probabilities);
        }
        int classes = probabilities[0].length;
        for (float[] row : probabilities) {
            if (row.length != classes || classes == 0) {
                throw new ClassificationException("the model answered rows of " + row.length + " and " + classes
                        + " class probabilities", null);
            }
        }
        return probabilities;
    }

    private static void collect(int start, int count, CompletableFuture<float[][]> result, float[][] probabilities) {
        float[][] rows;
        try {
            rows = result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ClassificationException("model call failed: " + cause.getMessage(), cause);
        }
        if (rows.length != count) {
            throw new ClassificationException("the model answered " + rows.length + " rows for a batch of " + count,
                    null);
        }
        System.arraycopy(rows, 0, probabilities, start, count);
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A model call of an explanation failed, or its answer does not fit the batch. */
    public static final class ClassificationException extends RuntimeException {
        public ClassificationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
