package dev.safegate.core.image;

import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.RatioBootstrap;
import java.util.Objects;

/**
 * One audited image as the statistics see it (what results stores per image), the image audit's counterpart of an
 * LLM observation.
 *
 * @param imageSet       the set the image comes from (the cell's "suite")
 * @param trueLabel      the annotated class; null when none (the cell's category is then {@value #UNLABELLED})
 * @param predictedLabel the model's top class
 * @param confidence     the top class's probability
 * @param objectShare    share of positive attribution inside the object; null without a region or positive attribution
 * @param fidelity       weighted R^2 of LIME's surrogate
 * @param error          the model call failed: the image counts only as an error
 */
public record ImageOutcome(String imageId, String imageSet, String trueLabel, String predictedLabel,
                           double confidence, Double objectShare, double fidelity, boolean error) {
    /** The condition of every image audit cell: the explanation method. */
    public static final String CONDITION = "lime";
    public static final String UNLABELLED = "(unlabelled)";
    /** A prediction at least this probable is confident. */
    public static final double CONFIDENT = 0.9;
    /** An explanation with less than this share inside the object lies mostly outside it. */
    public static final double MOSTLY_INSIDE = 0.5;

    public ImageOutcome {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(imageSet, "imageSet");
    }

    public static ImageOutcome failed(String imageId, String imageSet, String trueLabel) {
        return new ImageOutcome(imageId, imageSet, trueLabel, null, 0, null, 0, true);
    }

    public String category() {
        return trueLabel == null || trueLabel.isEmpty() ? UNLABELLED : trueLabel;
    }

    public CellKey cell() {
        return new CellKey(imageSet, CONDITION, category());
    }

    public boolean confident() {
        return !error && confidence >= CONFIDENT;
    }

    /** This image's part in an image-audit metric: weight 0 when it does not count. */
    public RatioBootstrap.Unit unit(Metric metric) {
        if (error || objectShare == null) {
            return new RatioBootstrap.Unit(0, 0);
        }
        return switch (metric) {
            case BACKGROUND_RELIANCE -> new RatioBootstrap.Unit(1 - objectShare, 1);
            case CONFIDENT_OUTSIDE_RATE -> confident()
                    ? new RatioBootstrap.Unit(objectShare < MOSTLY_INSIDE ? 1 : 0, 1)
                    : new RatioBootstrap.Unit(0, 0);
            default -> throw new IllegalArgumentException(metric.key() + " is not an image audit metric");
        };
    }
}
