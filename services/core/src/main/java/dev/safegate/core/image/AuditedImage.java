package dev.safegate.core.image;

/**
 * One image after the audit, at the model's input size.
 *
 * @param imageId        the image's name in its set
 * @param trueLabel      the annotated class, or null
 * @param image          the image the model saw (resized to its input)
 * @param region         the object region at that size, or null when none is annotated
 * @param superpixels    the segmentation LIME switched on and off
 * @param explanation    LIME's explanation of the top class
 * @param predictedLabel the top class's name ("class N" when the model publishes no names)
 * @param objectShare    share of positive attribution inside the object; null without a region or positive attribution
 * @param segmentationNanos time SLIC took
 */
public record AuditedImage(String imageId, String trueLabel, RgbImage image, ObjectRegion region,
                           Superpixels superpixels, Explanation explanation, String predictedLabel, Double objectShare,
                           long segmentationNanos) {
}
