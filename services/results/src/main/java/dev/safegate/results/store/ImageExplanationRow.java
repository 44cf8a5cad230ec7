package dev.safegate.results.store;

import dev.safegate.core.image.ImageOutcome;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.ImageExplanation;

/**
 * One image task's explanation as stored. {@code overlayPng} is null when read without it (lists).
 *
 * @param objectShare null without a region or without positive attribution
 */
public record ImageExplanationRow(String taskId, String runId, String imageSet, String imageId, String label,
                                  String status, String error, String predictedLabel, double confidence,
                                  Double objectShare, double fidelity, int superpixels, double[] attribution,
                                  int[] topSuperpixels, byte[] overlayPng, long explainedMs) {

    public static ImageExplanationRow of(ImageExplanation e) {
        var task = e.getTask();
        var audit = task.getImageAudit();
        return new ImageExplanationRow(e.getTaskId(), e.getRunId(), audit.getImageSet(), audit.getImageId(),
                audit.getLabel(), e.getStatus().name(), e.getErrorReason(), e.getPredictedLabel(), e.getConfidence(),
                e.getHasObjectShare() ? e.getObjectShare() : null, e.getFidelity(), e.getSuperpixels(),
                e.getAttributionList().stream().mapToDouble(Double::doubleValue).toArray(),
                e.getTopSuperpixelsList().stream().mapToInt(Integer::intValue).toArray(),
                e.getOverlayPng().isEmpty() ? null : e.getOverlayPng().toByteArray(), e.getExplainedMs());
    }

    public boolean failed() {
        return !status.equals(Generation.Status.OK.name());
    }

    /** As the image audit's statistics see it. */
    public ImageOutcome outcome() {
        String trueLabel = label.isEmpty() ? null : label;
        return failed() ? ImageOutcome.failed(imageId, imageSet, trueLabel)
                : new ImageOutcome(imageId, imageSet, trueLabel, predictedLabel, confidence, objectShare, fidelity,
                        false);
    }
}
