package dev.safegate.core.image;

import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Estimate;
import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.stats.RatioBootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An image audit's measures per cell: per class (image set x lime x true class), per image set and overall, each
 * with its interval: background reliance (1 - mean object share, percentile bootstrap over images), the rate of
 * confident predictions that rely mostly on the background (Wilson), the accuracy where labels exist, and the mean
 * fidelity of the explanations (a low one says the explanations themselves are weak).
 */
public final class ImageAuditSummary {
    /** Explanations below this weighted R^2 are counted as weak. */
    public static final double WEAK_FIDELITY = 0.5;

    /**
     * @param backgroundReliance null when no image of the cell has an object share
     * @param confidentOutside   confident predictions (with an object share) whose explanation lies mostly outside
     * @param accuracy           correct top classes among labelled images
     * @param weakExplanations   explanations with fidelity below {@value #WEAK_FIDELITY}
     */
    public record Cell(CellKey key, int images, int errors, int withObjectShare, Estimate backgroundReliance,
                       Proportion confidentOutside, Interval confidentOutsideInterval, Proportion accuracy,
                       double meanFidelity, int weakExplanations) {
    }

    private ImageAuditSummary() {
    }

    public static List<Cell> cells(List<ImageOutcome> outcomes, double confidence, PairedComparison.Bootstrap bootstrap) {
        List<Cell> cells = new ArrayList<>();
        for (CellKey key : cellKeys(outcomes)) {
            cells.add(cell(key, inCell(outcomes, key), confidence, bootstrap));
        }
        return cells;
    }

    /** Each image set x class, each image set's total and the overall total, totals after their parts. */
    public static TreeSet<CellKey> cellKeys(List<ImageOutcome> outcomes) {
        TreeSet<CellKey> keys = new TreeSet<>();
        for (ImageOutcome o : outcomes) {
            keys.add(o.cell());
            keys.add(CellKey.totalOf(o.imageSet(), ImageOutcome.CONDITION));
            keys.add(CellKey.OVERALL);
        }
        return keys;
    }

    public static List<ImageOutcome> inCell(List<ImageOutcome> outcomes, CellKey key) {
        return outcomes.stream().filter(o -> covers(key.suite(), o.imageSet())
                && covers(key.condition(), ImageOutcome.CONDITION) && covers(key.category(), o.category())).toList();
    }

    private static boolean covers(String field, String value) {
        return field.equals(CellKey.ALL) || field.equals(value);
    }

    /** The metric's estimate over these images with its interval; null when no image counts. */
    public static Estimate estimate(List<ImageOutcome> outcomes, Metric metric, double confidence,
                                    PairedComparison.Bootstrap bootstrap) {
        List<RatioBootstrap.Unit> units = outcomes.stream().map(o -> o.unit(metric)).toList();
        int counted = (int) units.stream().filter(u -> u.weight() > 0).count();
        if (counted == 0) {
            return null;
        }
        Interval interval = metric == Metric.CONFIDENT_OUTSIDE_RATE
                ? proportion(units).wilson(confidence).orElseThrow()
                : RatioBootstrap.interval(units, bootstrap.resamples(), bootstrap.seed(), confidence);
        return new Estimate(RatioBootstrap.estimate(units), interval, counted);
    }

    private static Cell cell(CellKey key, List<ImageOutcome> members, double confidence,
                             PairedComparison.Bootstrap bootstrap) {
        int errors = (int) members.stream().filter(ImageOutcome::error).count();
        List<ImageOutcome> ok = members.stream().filter(o -> !o.error()).toList();
        Proportion confidentOutside = proportion(ok.stream().map(o -> o.unit(Metric.CONFIDENT_OUTSIDE_RATE)).toList());
        List<ImageOutcome> labelled = ok.stream().filter(o -> o.trueLabel() != null && !o.trueLabel().isEmpty())
                .toList();
        Proportion accuracy = new Proportion(labelled.stream()
                .filter(o -> o.trueLabel().equals(o.predictedLabel())).count(), labelled.size());
        return new Cell(key, members.size(), errors, (int) ok.stream().filter(o -> o.objectShare() != null).count(),
                estimate(ok, Metric.BACKGROUND_RELIANCE, confidence, bootstrap), confidentOutside,
                confidentOutside.wilson(confidence).orElse(null), accuracy,
                ok.stream().mapToDouble(ImageOutcome::fidelity).average().orElse(Double.NaN),
                (int) ok.stream().filter(o -> o.fidelity() < WEAK_FIDELITY).count());
    }

    private static Proportion proportion(List<RatioBootstrap.Unit> units) {
        long trials = units.stream().filter(u -> u.weight() > 0).count();
        long hits = units.stream().filter(u -> u.weight() > 0 && u.value() > 0).count();
        return new Proportion(hits, trials);
    }

    /** The outcomes by image id (the pairing key between candidate and baseline). */
    static Map<String, ImageOutcome> byImage(List<ImageOutcome> outcomes) {
        Map<String, ImageOutcome> byImage = new TreeMap<>();
        outcomes.forEach(o -> byImage.put(o.imageSet() + "\u0000" + o.imageId(), o));
        return byImage;
    }
}
