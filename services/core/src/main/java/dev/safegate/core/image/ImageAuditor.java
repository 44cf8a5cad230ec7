package dev.safegate.core.image;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Audits single images against one classifier: resize to the model's input, SLIC, LIME, object share. Thread-safe:
 * several images may be audited at once (each thread segments with its own SLIC), and all of them share one window
 * of {@link LimeSettings#batchesInFlight()} model calls, so that the model stays busy between images.
 */
public final class ImageAuditor {
    private final BatchClassifier classifier;
    private final LimeExplainer explainer;
    private final ThreadLocal<SlicSegmenter> segmenters;
    private final Semaphore window;

    public ImageAuditor(BatchClassifier classifier, SlicSettings slic, LimeSettings lime) {
        this(classifier, slic, lime, new Semaphore(lime.batchesInFlight()));
    }

    /** With a window of model calls shared beyond this auditor (a worker's, across the tasks it runs at once). */
    public ImageAuditor(BatchClassifier classifier, SlicSettings slic, LimeSettings lime, Semaphore window) {
        this.classifier = classifier;
        this.explainer = new LimeExplainer(lime);
        this.segmenters = ThreadLocal.withInitial(() -> new SlicSegmenter(slic));
        this.window = window;
    }

    /**
     * @param region    the object region at the image's own size, or null
     * @param trueLabel the annotated class, or null
     * @throws LimeExplainer.ClassificationException when the model fails
     */
    public AuditedImage audit(String imageId, RgbImage original, ObjectRegion region, String trueLabel) {
        Preprocessing input = classifier.preprocessing();
        RgbImage image = original.resized(input.width(), input.height());
        ObjectRegion scaledRegion = region == null ? null : region.resized(input.width(), input.height());
        long start = System.nanoTime();
        Superpixels superpixels = segmenters.get().segment(image);
        long segmentation = System.nanoTime() - start;
        Explanation explanation = explainer.explain(image, superpixels, classifier, window);
        Double objectShare = null;
        if (scaledRegion != null) {
            var share = ObjectShare.of(explanation, superpixels, scaledRegion);
            objectShare = share.isPresent() ? share.getAsDouble() : null;
        }
        return new AuditedImage(imageId, trueLabel, image, scaledRegion, superpixels, explanation,
                labelOf(explanation.predictedClass(), classifier.classNames()), objectShare, segmentation);
    }

    public static String labelOf(int index, List<String> classNames) {
        return index < classNames.size() ? classNames.get(index) : "class " + index;
    }
}
