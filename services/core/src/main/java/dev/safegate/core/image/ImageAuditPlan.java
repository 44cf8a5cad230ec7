package dev.safegate.core.image;

import dev.safegate.core.condition.CanonicalJson;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.ModelRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated image audit plan ({@code kind: image_audit}): which images, how LIME explains each one, which input
 * preprocessing overrides the model's, decided by which policy. Build one with {@link ImageAuditPlanParser}.
 *
 * @param model null when the plan is a template the caller binds to a model later
 */
public record ImageAuditPlan(ModelRef model, ImageSource images, Lime lime, InputOverrides input, String policy)
        implements EvaluationPlan {
    public static final String KIND = "image_audit";
    /** The explainer that answers every task, in the judges' place. */
    public static final String EXPLAINER = "lime";

    /**
     * LIME's settings for every image of the plan.
     *
     * @param fill canonical text ({@link Fill#describe()})
     */
    public record Lime(int samples, long seed, int superpixels, float compactness, String fill, Distance distance,
                       double kernelWidth, int topSuperpixels) {
        public static final Lime DEFAULT = new Lime(LimeSettings.DEFAULT.samples(), LimeSettings.DEFAULT.seed(),
                SlicSettings.DEFAULT.superpixels(), SlicSettings.DEFAULT.compactness(),
                LimeSettings.DEFAULT.fill().describe(), LimeSettings.DEFAULT.distance(),
                LimeSettings.DEFAULT.kernelWidth(), LimeSettings.DEFAULT.topSuperpixels());

        public LimeSettings settings(int batchesInFlight) {
            return new LimeSettings(samples, seed, distance, kernelWidth, Fill.parse(fill), 1.0, topSuperpixels,
                    batchesInFlight);
        }

        public SlicSettings slic() {
            return new SlicSettings(superpixels, compactness);
        }
    }

    public ImageAuditPlan {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(lime, "lime");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(policy, "policy");
    }

    @Override
    public ImageAuditPlan withModel(ModelRef model) {
        return new ImageAuditPlan(model, images, lime, input, policy);
    }

    @Override
    public List<String> judges() {
        return List.of(EXPLAINER);
    }

    @Override
    public String canonicalJson() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("kind", KIND);
        content.put("images", images.toMap());
        Map<String, Object> limeJson = new LinkedHashMap<>();
        limeJson.put("samples", lime.samples());
        limeJson.put("seed", lime.seed());
        limeJson.put("superpixels", lime.superpixels());
        limeJson.put("compactness", (double) lime.compactness());
        limeJson.put("fill", lime.fill());
        limeJson.put("distance", lime.distance().name().toLowerCase(java.util.Locale.ROOT));
        limeJson.put("kernel_width", lime.kernelWidth());
        limeJson.put("top", lime.topSuperpixels());
        content.put("lime", limeJson);
        Map<String, Object> inputJson = new LinkedHashMap<>();
        putIfSet(inputJson, "width", input.width());
        putIfSet(inputJson, "height", input.height());
        putIfSet(inputJson, "layout", input.layout() == null ? null : input.layout().name());
        putIfSet(inputJson, "scale", input.scale() == null ? null : (double) input.scale());
        putIfSet(inputJson, "mean", input.mean() == null ? null : doubles(input.mean()));
        putIfSet(inputJson, "std", input.std() == null ? null : doubles(input.std()));
        if (!inputJson.isEmpty()) {
            content.put("input", inputJson);
        }
        content.put("policy", policy);
        return CanonicalJson.write(content);
    }

    private static List<Double> doubles(float[] values) {
        return List.of((double) values[0], (double) values[1], (double) values[2]);
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
