package dev.safegate.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.safegate.core.plan.ModelRef;
import dev.safegate.core.plan.PlanError;
import dev.safegate.core.plan.PlanValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses and validates an image audit plan (YAML, or JSON when the text starts with '{'), collecting every problem
 * with its field path, as {@link dev.safegate.core.plan.PlanParser} does for LLM plans.
 *
 * <pre>
 * kind: image_audit
 * model: {name: shapes-classifier, version: "2", baseline_version: "1"}    # optional
 * images: {generator: clever-hans, split: audit, count: 60, seed: 7, size: 64}
 *   # or: images: {dir: images/photos, regions: images/photos/regions.json, name: photos}
 * lime: {samples: 500, seed: 1, superpixels: 25, compactness: 200, fill: gray, distance: cosine,
 *        kernel_width: 0.25, top: 5}                                    # optional, these are the defaults
 * input: {width: 224, height: 224, layout: NCHW, scale: 0.0039215686, mean: [0.485, 0.456, 0.406],
 *         std: [0.229, 0.224, 0.225]}                                   # optional: overrides the model's
 * policy: default                                                       # optional
 * </pre>
 */
public final class ImageAuditPlanParser {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> TOP_LEVEL = Set.of("kind", "model", "images", "lime", "input", "policy");
    private static final Set<String> MODEL_FIELDS = Set.of("name", "version", "baseline_version");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "generator", "split", "count", "seed", "size", "dir",
            "regions");
    private static final Set<String> LIME_FIELDS = Set.of("samples", "seed", "superpixels", "compactness", "fill",
            "distance", "kernel_width", "top");
    private static final Set<String> INPUT_FIELDS = Set.of("width", "height", "layout", "scale", "mean", "std");

    private final Set<String> knownPolicies;

    public ImageAuditPlanParser(Set<String> knownPolicies) {
        this.knownPolicies = Set.copyOf(knownPolicies);
    }

    /** Whether the document says {@code kind: image_audit} (anything unreadable is left to the LLM parser). */
    public static boolean isImageAudit(String text) {
        try {
            JsonNode root = read(text);
            return root != null && ImageAuditPlan.KIND.equals(root.path("kind").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** @throws PlanValidationException listing every problem */
    public ImageAuditPlan parse(String text) {
        JsonNode root;
        try {
            root = read(text);
        } catch (JsonProcessingException e) {
            throw new PlanValidationException(List.of(new PlanError("", "not valid YAML or JSON: "
                    + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new PlanValidationException(List.of(new PlanError("", "a plan must be a mapping (object)")));
        }
        return new Reading().plan(root);
    }

    private static JsonNode read(String text) throws JsonProcessingException {
        return text.stripLeading().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
    }

    private final class Reading {
        private final List<PlanError> errors = new ArrayList<>();

        ImageAuditPlan plan(JsonNode root) {
            unknown(root, "", TOP_LEVEL);
            if (!ImageAuditPlan.KIND.equals(root.path("kind").asText(null))) {
                error("kind", "must be " + ImageAuditPlan.KIND);
            }
            ModelRef model = root.has("model") ? model(root.get("model")) : null;
            ImageSource images = images(root.path("images"));
            ImageAuditPlan.Lime lime = lime(root.path("lime"));
            InputOverrides input = input(root.path("input"));
            String policy = root.path("policy").asText("default");
            if (root.has("policy") && !knownPolicies.contains(policy)) {
                error("policy", "unknown policy '" + policy + "'; available: " + new TreeSet<>(knownPolicies));
            }
            if (!errors.isEmpty()) {
                throw new PlanValidationException(errors);
            }
            return new ImageAuditPlan(model, images, lime, input, policy);
        }

        private ModelRef model(JsonNode node) {
            if (!node.isObject() || !node.path("name").isTextual() || node.path("name").asText().isBlank()) {
                error("model", "must be a mapping with name, version, baseline_version");
                return null;
            }
            unknown(node, "model", MODEL_FIELDS);
            return new ModelRef(node.get("name").asText(), node.path("version").asText(null),
                    node.path("baseline_version").asText(null));
        }

        private ImageSource images(JsonNode node) {
            if (!node.isObject()) {
                error("images", "is required: {generator: clever-hans, ...} or {dir: <folder>, regions: <file>}");
                return null;
            }
            unknown(node, "images", IMAGE_FIELDS);
            boolean generated = node.has("generator");
            if (generated == node.has("dir")) {
                error("images", "needs exactly one of generator and dir");
                return null;
            }
            if (generated) {
                if (!ImageSource.CLEVER_HANS.equals(node.get("generator").asText())) {
                    error("images.generator", "unknown generator '" + node.get("generator").asText()
                            + "'; available: [" + ImageSource.CLEVER_HANS + "]");
                    return null;
                }
                CleverHansDataset.Split split;
                try {
                    split = CleverHansDataset.Split.parse(node.path("split").asText("audit"));
                } catch (IllegalArgumentException e) {
                    error("images.split", "must be audit or training");
                    return null;
                }
                int count = integer(node, "count", "images.count", 60, 1, 10_000);
                int size = integer(node, "size", "images.size", 64, 16, 1024);
                long seed = node.path("seed").asLong(7);
                ImageSource source = ImageSource.cleverHans(split, count, seed, size);
                return node.has("name") ? new ImageSource(node.get("name").asText(), source.generator(), split, count,
                        seed, size, null, null) : source;
            }
            String dir = node.get("dir").asText();
            String name = node.path("name").asText(java.nio.file.Path.of(dir).getFileName().toString());
            return ImageSource.folder(name, dir, node.path("regions").asText(null));
        }

        private ImageAuditPlan.Lime lime(JsonNode node) {
            ImageAuditPlan.Lime d = ImageAuditPlan.Lime.DEFAULT;
            if (node.isMissingNode()) {
                return d;
            }
            if (!node.isObject()) {
                error("lime", "must be a mapping");
                return d;
            }
            unknown(node, "lime", LIME_FIELDS);
            String fill = node.path("fill").asText(d.fill());
            try {
                fill = Fill.parse(fill).describe();
            } catch (IllegalArgumentException e) {
                error("lime.fill", e.getMessage());
            }
            Distance distance = d.distance();
            try {
                distance = Distance.parse(node.path("distance").asText(d.distance().name()));
            } catch (IllegalArgumentException e) {
                error("lime.distance", "must be cosine or hamming");
            }
            double kernelWidth = node.path("kernel_width").asDouble(d.kernelWidth());
            if (!(kernelWidth > 0)) {
                error("lime.kernel_width", "must be > 0");
            }
            double compactness = node.path("compactness").asDouble(d.compactness());
            if (!(compactness > 0)) {
                error("lime.compactness", "must be > 0");
            }
            return new ImageAuditPlan.Lime(integer(node, "samples", "lime.samples", d.samples(), 10, 100_000),
                    node.path("seed").asLong(d.seed()),
                    integer(node, "superpixels", "lime.superpixels", d.superpixels(), 2, 10_000),
                    (float) compactness, fill, distance, kernelWidth,
                    integer(node, "top", "lime.top", d.topSuperpixels(), 1, 10_000));
        }

        private InputOverrides input(JsonNode node) {
            if (node.isMissingNode()) {
                return InputOverrides.NONE;
            }
            if (!node.isObject()) {
                error("input", "must be a mapping");
                return InputOverrides.NONE;
            }
            unknown(node, "input", INPUT_FIELDS);
            Preprocessing.Layout layout = null;
            if (node.has("layout")) {
                try {
                    layout = Preprocessing.Layout.parse(node.get("layout").asText());
                } catch (IllegalArgumentException e) {
                    error("input.layout", "must be NCHW or NHWC");
                }
            }
            return new InputOverrides(node.has("width") ? integer(node, "width", "input.width", 0, 1, 8192) : null,
                    node.has("height") ? integer(node, "height", "input.height", 0, 1, 8192) : null, layout,
                    node.has("scale") ? (float) node.get("scale").asDouble() : null, triple(node, "mean"),
                    triple(node, "std"));
        }

        private float[] triple(JsonNode node, String field) {
            if (!node.has(field)) {
                return null;
            }
            JsonNode values = node.get(field);
            if (!values.isArray() || values.size() != 3 || !values.get(0).isNumber() || !values.get(1).isNumber()
                    || !values.get(2).isNumber()) {
                error("input." + field, "must be three numbers (R, G, B)");
                return null;
            }
            float[] triple = {(float) values.get(0).asDouble(), (float) values.get(1).asDouble(),
                (float) values.get(2).asDouble()};
            if (field.equals("std") && (triple[0] <= 0 || triple[1] <= 0 || triple[2] <= 0)) {
                error("input.std", "must be > 0");
                return null;
            }
            return triple;
        }

        private int integer(JsonNode node, String field, String path, int fallback, int min, int max) {
            if (!node.has(field)) {
                return fallback;
            }
            JsonNode value = node.get(field);
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min
                    || value.intValue() > max) {
                error(path, "must be an integer in " + min + ".." + max + ", got " + value);
                return fallback;
            }
            return value.intValue();
        }

        private void unknown(JsonNode node, String path, Set<String> allowed) {
            errors.addAll(PlanError.unknownFields(node, path, allowed));
        }

        private void error(String path, String reason) {
            errors.add(new PlanError(path, reason));
        }
    }
}
