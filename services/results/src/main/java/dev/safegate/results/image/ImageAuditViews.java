package dev.safegate.results.image;

import dev.safegate.core.image.ImageAuditSummary;
import dev.safegate.core.image.ImageOutcome;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Estimate;
import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.Proportion;
import dev.safegate.results.report.Views;
import dev.safegate.results.store.ImageExplanationRow;
import java.util.List;
import java.util.Locale;

/** The JSON (and template) shapes of an image audit report. */
public final class ImageAuditViews {
    private ImageAuditViews() {
    }

    /** A measure with its interval; null fields when nothing was counted. */
    public record Value(Double value, Double lower, Double upper, long n) {
        static Value of(Estimate estimate) {
            return estimate == null ? new Value(null, null, null, 0)
                    : new Value(estimate.value(), estimate.interval().lower(), estimate.interval().upper(),
                            estimate.units());
        }

        static Value of(Proportion p, Interval interval) {
            return p.isEmpty() ? new Value(null, null, null, 0)
                    : new Value(p.rate().getAsDouble(), interval.lower(), interval.upper(), p.trials());
        }

        /** e.g. {@code 0.850 [0.780, 0.910] (n=60)}. */
        public String display() {
            return value == null ? "n/a"
                    : String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (n=%d)", value, lower, upper, n);
        }
    }

    public record Cell(String imageSet, String category, int images, int errors, int withObjectShare,
                       Value backgroundReliance, Value confidentOutsideRate, Value accuracy, double meanFidelity,
                       int weakExplanations) {
        static Cell of(ImageAuditSummary.Cell c) {
            return new Cell(c.key().suite(), c.key().category(), c.images(), c.errors(), c.withObjectShare(),
                    Value.of(c.backgroundReliance()), Value.of(c.confidentOutside(), c.confidentOutsideInterval()),
                    Value.of(c.accuracy(), c.accuracy().isEmpty() ? null
                            : c.accuracy().wilson(0.95).orElseThrow()), c.meanFidelity(), c.weakExplanations());
        }

        public boolean isTotal() {
            return category.equals(CellKey.ALL);
        }

        public String fidelity() {
            return Double.isNaN(meanFidelity) ? "n/a" : String.format(Locale.ROOT, "%.2f", meanFidelity);
        }
    }

    /** One run's explanation of one image; {@code overlay} is the PNG's address. */
    public record Image(String taskId, String predictedLabel, double confidence, Double objectShare, double fidelity,
                        int superpixels, String overlay, String error) {
        static Image of(String runId, ImageExplanationRow row) {
            return new Image(row.taskId(), row.predictedLabel(), row.confidence(), row.objectShare(), row.fidelity(),
                    row.superpixels(), "/runs/" + runId + "/images/" + row.taskId() + "/overlay.png",
                    row.failed() ? row.error() : null);
        }

        public String summary() {
            if (error != null) {
                return "failed: " + error;
            }
            return String.format(Locale.ROOT, "%s, p = %.3f; object share %s; fidelity %.2f", predictedLabel,
                    confidence, objectShare == null ? "n/a" : String.format(Locale.ROOT, "%.2f", objectShare),
                    fidelity);
        }
    }

    /**
     * An image of the set, the candidate's explanation beside the baseline's (null without a baseline run).
     *
     * @param flag why the image is shown first, or null: a confident prediction explained mostly outside the object,
     *             an object share that fell against the baseline, or a failed model call
     */
    public record ImagePair(String imageSet, String imageId, String label, Image candidate, Image baseline,
                            String flag) {
    }

    public record Report(Views.Run run, Views.Decision decision, String baselineRunId, double confidentAt,
                         List<Cell> cells, List<ImagePair> flagged, List<ImagePair> images) {
    }

    /** The reason an image is flagged, or null. */
    static String flag(ImageExplanationRow candidate, ImageExplanationRow baseline) {
        if (candidate.failed()) {
            return "model call failed";
        }
        ImageOutcome outcome = candidate.outcome();
        if (outcome.confident() && outcome.objectShare() != null && outcome.objectShare() < ImageOutcome.MOSTLY_INSIDE) {
            return "confident, explained mostly outside the object";
        }
        if (baseline != null && !baseline.failed() && baseline.objectShare() != null && candidate.objectShare() != null
                && baseline.objectShare() - candidate.objectShare() >= 0.3) {
            return "object share fell against the baseline";
        }
        return null;
    }
}
