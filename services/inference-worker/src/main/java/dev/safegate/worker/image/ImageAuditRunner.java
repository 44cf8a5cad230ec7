package dev.safegate.worker.image;

import dev.safegate.core.image.AuditedImage;
import dev.safegate.core.image.Distance;
import dev.safegate.core.image.Explanation;
import dev.safegate.core.image.Fill;
import dev.safegate.core.image.ImageAuditPlan;
import dev.safegate.core.image.ImageAuditor;
import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.LimeSettings;
import dev.safegate.core.image.ObjectRegion;
import dev.safegate.core.image.OverlayRenderer;
import dev.safegate.core.image.Preprocessing;
import dev.safegate.core.image.RgbImage;
import dev.safegate.core.image.SlicSettings;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.ImageAuditTask;
import dev.safegate.proto.v1.ImageExplanation;
import dev.safegate.proto.v1.ImageInput;
import dev.safegate.triton.TritonImageClassifier;
import com.google.protobuf.ByteString;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Explains one image audit task against its served model: LIME over SLIC superpixels ({@link ImageAuditor}), the
 * object share, and the overlay PNG for reports. Images are explained on their own threads (segmentation and the
 * surrogate fit are CPU work, and an explanation waits for its model calls); all of them share one window of model
 * calls in flight. Anything that goes wrong, the model call included, becomes an ERROR explanation with the reason:
 * recorded, never dropped.
 */
@Singleton
public class ImageAuditRunner {
    static final String EXPLAINER_VERSION = "1";
    private static final Logger LOG = Logger.getLogger(ImageAuditRunner.class);
    /** Overlays are drawn at about this many pixels across. */
    private static final int OVERLAY_SIZE = 256;

    private final ImageClassifiers classifiers;
    private final ExecutorService threads;
    private final Semaphore window;

    public ImageAuditRunner(ImageClassifiers classifiers,
                            @ConfigProperty(name = "safegate.image-audit.parallel", defaultValue = "2") int parallel,
                            @ConfigProperty(name = "safegate.image-audit.batches-in-flight", defaultValue = "8")
                            int batchesInFlight) {
        this.classifiers = classifiers;
        this.threads = Executors.newFixedThreadPool(parallel, Thread.ofPlatform().name("safegate-image-audit-", 0)
                .daemon().factory());
        this.window = new Semaphore(batchesInFlight);
    }

    public CompletableFuture<ImageExplanation> explain(EvalTask task) {
        long start = System.currentTimeMillis();
        ImageAuditTask audit = task.getImageAudit();
        InputOverrides overrides;
        try {
            overrides = overrides(audit.getInput());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failed(task, "invalid input overrides: " + e.getMessage(), start));
        }
        return classifiers.of(task.getServedModel(), task.getServedVersion(), overrides, audit.getInput().toString())
                .thenApplyAsync(classifier -> explained(task, classifier, start), threads)
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    LOG.debugf(cause, "image task %s failed", task.getTaskId());
                    return failed(task, cause.getMessage() == null ? cause.toString() : cause.getMessage(), start);
                });
    }

    private ImageExplanation explained(EvalTask task, TritonImageClassifier classifier, long start) {
        ImageAuditTask audit = task.getImageAudit();
        RgbImage image = RgbImage.decode(audit.getImagePng().toByteArray());
        ObjectRegion region = audit.getRegionRunLengthsCount() == 0 ? null
                : ObjectRegion.fromRunLengths(audit.getRegionWidth(), audit.getRegionHeight(),
                        audit.getRegionRunLengthsList().stream().mapToInt(Integer::intValue).toArray());
        LimeSettings lime = new LimeSettings(audit.getSamples(), audit.getSeed(), Distance.parse(audit.getDistance()),
                audit.getKernelWidth(), Fill.parse(audit.getFill()), 1.0, audit.getTopSuperpixels(), 1);
        ImageAuditor auditor = new ImageAuditor(classifier, new SlicSettings(audit.getSuperpixels(),
                audit.getCompactness()), lime, window);
        AuditedImage audited = auditor.audit(audit.getImageId(), image, region,
                audit.getLabel().isEmpty() ? null : audit.getLabel());
        Explanation e = audited.explanation();
        ImageExplanation.Builder explanation = base(task, start)
                .setStatus(Generation.Status.OK)
                .setPredictedLabel(audited.predictedLabel())
                .setPredictedIndex(e.predictedClass())
                .setConfidence((float) e.confidence())
                .setSuperpixels(e.superpixelCount())
                .setIntercept(e.intercept())
                .setFidelity(e.fidelity())
                .setSegmentationMs(audited.segmentationNanos() / 1e6)
                .setOverlayPng(ByteString.copyFrom(OverlayRenderer.png(audited, audit.getTopSuperpixels(),
                        Math.max(1, OVERLAY_SIZE / audited.image().width()))));
        for (float p : e.probabilities()) {
            explanation.addProbabilities(p);
        }
        for (double a : e.attribution()) {
            explanation.addAttribution(a);
        }
        for (int k : e.topSuperpixels(audit.getTopSuperpixels())) {
            explanation.addTopSuperpixels(k);
        }
        if (audited.objectShare() != null) {
            explanation.setHasObjectShare(true).setObjectShare(audited.objectShare());
        }
        return explanation.setLatencyMs(System.currentTimeMillis() - start).build();
    }

    private static ImageExplanation failed(EvalTask task, String reason, long start) {
        return base(task, start).setStatus(Generation.Status.ERROR).setErrorReason(reason)
                .setLatencyMs(System.currentTimeMillis() - start).build();
    }

    private static ImageExplanation.Builder base(EvalTask task, long start) {
        EvalTask withoutImage = task.toBuilder().setImageAudit(task.getImageAudit().toBuilder().clearImagePng()).build();
        return ImageExplanation.newBuilder()
                .setTaskId(task.getTaskId())
                .setRunId(task.getRunId())
                .setExplainerId(ImageAuditPlan.EXPLAINER)
                .setExplainerVersion(EXPLAINER_VERSION)
                .setTask(withoutImage)
                .setExplainedMs(System.currentTimeMillis());
    }

    static InputOverrides overrides(ImageInput input) {
        return new InputOverrides(input.getWidth() > 0 ? input.getWidth() : null,
                input.getHeight() > 0 ? input.getHeight() : null,
                input.getLayout().isEmpty() ? null : Preprocessing.Layout.parse(input.getLayout()),
                input.getScale() > 0 ? input.getScale() : null, triple(input.getMeanList()), triple(input.getStdList()));
    }

    private static float[] triple(java.util.List<Float> values) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() != 3) {
            throw new IllegalArgumentException("mean and std need three values, got " + values);
        }
        return new float[] {values.get(0), values.get(1), values.get(2)};
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
