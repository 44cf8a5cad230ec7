package dev.safegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safegate.core.image.AuditedImage;
import dev.safegate.core.image.Explanation;
import dev.safegate.core.image.ImageAuditSummary;
import dev.safegate.core.image.ImageAuditor;
import dev.safegate.core.image.ImageOutcome;
import dev.safegate.core.image.LimeSettings;
import dev.safegate.core.image.SlicSettings;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Estimate;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.stats.RegressionPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON report of {@code audit image}: per image the explanation and its measures, then the summary. */
final class ImageAuditReport {
    static final String IMAGE_SET = "images";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * One image. {@code attribution} is LIME's coefficient per superpixel (index = superpixel label);
     * {@code objectShare} is null without a region (or without positive attribution); {@code error} is set, and
     * the rest empty, when the model failed.
     */
    record Entry(String image, String trueLabel, String predictedClass, Integer predictedIndex, Double confidence,
                 Map<String, Double> probabilities, Integer superpixels, double[] attribution, Double intercept,
                 Double fidelity, Double objectShare, int[] topSuperpixels, Integer perturbations, Double slicMs,
                 String error) {

        static Entry of(AuditedImage audited, int top, List<String> classNames) {
            Explanation e = audited.explanation();
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (int c = 0; c < e.probabilities().length; c++) {
                probabilities.put(ImageAuditor.labelOf(c, classNames), (double) e.probabilities()[c]);
            }
            return new Entry(audited.imageId(), audited.trueLabel(), audited.predictedLabel(), e.predictedClass(),
                    e.confidence(), probabilities, e.superpixelCount(), e.attribution(), e.intercept(), e.fidelity(),
                    audited.objectShare(), e.topSuperpixels(top), e.samples(), audited.segmentationNanos() / 1e6,
                    null);
        }

        static Entry failed(String image, String trueLabel, String error) {
            return new Entry(image, trueLabel, null, null, null, null, null, null, null, null, null, null, null, null,
                    error);
        }

        ImageOutcome outcome() {
            return error != null ? ImageOutcome.failed(image, IMAGE_SET, trueLabel)
                    : new ImageOutcome(image, IMAGE_SET, trueLabel, predictedClass, confidence, objectShare, fidelity,
                            false);
        }

        String progressLine() {
            if (error != null) {
                return image + ": FAILED " + error;
            }
            return String.format(Locale.ROOT, "%s: %s p=%.3f, %d superpixels, object share %s, fidelity %.2f", image,
                    predictedClass, confidence, superpixels,
                    objectShare == null ? "n/a" : String.format(Locale.ROOT, "%.2f", objectShare), fidelity);
        }
    }

    record Value(Double value, Double lower, Double upper, long n) {
        static Value of(Estimate estimate) {
            return estimate == null ? new Value(null, null, null, 0)
                    : new Value(estimate.value(), estimate.interval().lower(), estimate.interval().upper(),
                            estimate.units());
        }

        static Value of(Proportion p, double confidence) {
            return p.isEmpty() ? new Value(null, null, null, 0)
                    : new Value(p.rate().getAsDouble(), p.wilson(confidence).orElseThrow().lower(),
                            p.wilson(confidence).orElseThrow().upper(), p.trials());
        }
    }

    record CellView(String category, int images, int errors, int withObjectShare, Value backgroundReliance,
                    Value confidentOutsideRate, Value accuracy, double meanFidelity, int weakExplanations) {
    }

    record Summary(int images, int errors, Value backgroundReliance, Value confidentOutsideRate, Value accuracy,
                   double meanFidelity, int weakExplanations, List<CellView> perClass, double perturbedImagesPerSecond,
                   double slicMsPerImage, double elapsedSeconds) {
    }

    record Report(String triton, String model, Map<String, Object> settings, List<Entry> images, Summary summary) {
    }

    private final int top;
    private final List<Entry> entries = new ArrayList<>();
    private double elapsedSeconds;

    ImageAuditReport(int top) {
        this.top = top;
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    void elapsed(double seconds) {
        this.elapsedSeconds = seconds;
    }

    long perturbedImages() {
        return entries.stream().filter(e -> e.error() == null).mapToLong(Entry::perturbations).sum();
    }

    int errors() {
        return (int) entries.stream().filter(e -> e.error() != null).count();
    }

    Summary summary() {
        RegressionPolicy policy = RegressionPolicy.defaultPolicy();
        double confidence = policy.confidence();
        List<ImageAuditSummary.Cell> cells = ImageAuditSummary.cells(entries.stream().map(Entry::outcome).toList(),
                confidence, policy.bootstrap());
        ImageAuditSummary.Cell overall = cells.stream().filter(c -> c.key().equals(CellKey.OVERALL)).findFirst()
                .orElseThrow();
        List<CellView> perClass = cells.stream()
                .filter(c -> !c.key().category().equals(CellKey.ALL))
                .map(c -> view(c, confidence)).toList();
        CellView all = view(overall, confidence);
        double slicMs = entries.stream().filter(e -> e.slicMs() != null).mapToDouble(Entry::slicMs).average()
                .orElse(Double.NaN);
        return new Summary(all.images(), all.errors(), all.backgroundReliance(), all.confidentOutsideRate(),
                all.accuracy(), all.meanFidelity(), all.weakExplanations(), perClass,
                elapsedSeconds > 0 ? perturbedImages() / elapsedSeconds : 0, slicMs, elapsedSeconds);
    }

    private static CellView view(ImageAuditSummary.Cell c, double confidence) {
        return new CellView(c.key().category(), c.images(), c.errors(), c.withObjectShare(),
                Value.of(c.backgroundReliance()), Value.of(c.confidentOutside(), confidence),
                Value.of(c.accuracy(), confidence), c.meanFidelity(), c.weakExplanations());
    }

    void write(Path file, String triton, String model, LimeSettings lime, SlicSettings slic) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("samples", lime.samples());
        settings.put("seed", lime.seed());
        settings.put("distance", lime.distance().name().toLowerCase(Locale.ROOT));
        settings.put("kernel_width", lime.kernelWidth());
        settings.put("fill", lime.fill().describe());
        settings.put("ridge_alpha", lime.ridgeAlpha());
        settings.put("top_superpixels", top);
        settings.put("superpixels", slic.superpixels());
        settings.put("compactness", slic.compactness());
        settings.put("confident_at", ImageOutcome.CONFIDENT);
        try {
            JSON.writeValue(file.toFile(), new Report(triton, model, settings, entries, summary()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    String summaryLine() {
        Summary s = summary();
        return String.format(Locale.ROOT,
                "%d images (%d failed): background reliance %s, confident outside rate %s, accuracy %s,"
                        + " mean fidelity %.2f; %.0f perturbed images/s, SLIC %.2f ms/image",
                s.images(), s.errors(), describe(s.backgroundReliance()), describe(s.confidentOutsideRate()),
                describe(s.accuracy()), s.meanFidelity(), s.perturbedImagesPerSecond(), s.slicMsPerImage());
    }

    private static String describe(Value v) {
        return v.value() == null ? "n/a"
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (n=%d)", v.value(), v.lower(), v.upper(), v.n());
    }
}
