package dev.safegate.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.safegate.core.condition.Condition;
import dev.safegate.core.condition.Conditions;
import dev.safegate.core.condition.InvalidParamsException;
import dev.safegate.core.condition.Sampling;
import dev.safegate.core.suite.SuiteSelection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses and validates a plan (YAML, or JSON when the text starts with '{'). Every problem is collected with
 * its field path, and all are reported together in a {@link PlanValidationException}.
 *
 * <pre>
 * model: {name: llama-guarded, version: "7", baseline_version: "6"}   # optional
 * suites:
 *   - xstest                                       # or {name, sample_size, seed, categories}
 *   - {name: advbench, sample_size: 100, seed: 7}
 * conditions:
 *   - chat_template                                # or {name, params}
 *   - {name: prefill, params: {tokens: 10}}
 *   - {name: early_exit, params: {layers: [8, 16, 24]}}   # a depth sweep: one early_exit condition per layer
 * sampling: {temperature: 0.0, top_p: 1.0, top_k: 0, max_tokens: 256, seed: 1, samples: 1}   # optional
 * judges: [refusal_strmatch]
 * policy: default                                  # optional, default "default"
 * </pre>
 */
public final class PlanParser {
    public static final String DEFAULT_POLICY = "default";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> PARAMS_TYPE = new TypeReference<>() {
    };
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> TOP_LEVEL = Set.of("model", "suites", "conditions", "sampling", "judges", "policy");
    private static final Set<String> MODEL_FIELDS = Set.of("name", "version", "baseline_version");
    private static final Set<String> SUITE_FIELDS = Set.of("name", "sample_size", "seed", "categories");
    private static final Set<String> CONDITION_FIELDS = Set.of("name", "params");
    private static final Set<String> SAMPLING_FIELDS =
            Set.of("temperature", "top_p", "top_k", "max_tokens", "seed", "samples");

    private final Set<String> knownSuites;
    private final Set<String> knownJudges;
    private final Set<String> knownPolicies;

    public PlanParser(Set<String> knownSuites, Set<String> knownJudges, Set<String> knownPolicies) {
        this.knownSuites = Set.copyOf(knownSuites);
        this.knownJudges = Set.copyOf(knownJudges);
        this.knownPolicies = Set.copyOf(knownPolicies);
    }

    /** @throws PlanValidationException listing every problem */
    public Plan parse(String text) {
        JsonNode root;
        try {
            root = text.stripLeading().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PlanValidationException(List.of(new PlanError("", "not valid YAML or JSON: "
                    + e.getOriginalMessage())));
        }
        return new Reading().plan(root == null ? MissingNode.getInstance() : root);
    }

    /** One parse: collects the errors of one document. */
    private final class Reading {
        private final List<PlanError> errors = new ArrayList<>();

        Plan plan(JsonNode root) {
            if (!root.isObject()) {
                throw new PlanValidationException(List.of(new PlanError("", "a plan must be a mapping (object)")));
            }
            unknownFields(root, "", TOP_LEVEL);
            ModelRef model = root.has("model") ? model(root.get("model")) : null;
            List<SuiteSelection> suites = suites(root.path("suites"));
            List<Condition> conditions = conditions(root.path("conditions"));
            JsonNode samplingNode = root.path("sampling");
            Sampling sampling = sampling(samplingNode);
            Integer samples = integer(samplingNode, "samples", "sampling.samples", 1, 1);
            List<String> judges = judges(root.path("judges"));
            String policy = policy(root.path("policy"));
            if (!errors.isEmpty()) {
                throw new PlanValidationException(errors);
            }
            return new Plan(model, suites, conditions, sampling, samples, judges, policy);
        }

        private ModelRef model(JsonNode node) {
            if (!node.isObject()) {
                error("model", "must be a mapping with name, version, baseline_version");
                return null;
            }
            unknownFields(node, "model", MODEL_FIELDS);
            String name = text(node, "name", "model.name", true);
            String version = text(node, "version", "model.version", false);
            String baseline = text(node, "baseline_version", "model.baseline_version", false);
            return name == null ? null : new ModelRef(name, version, baseline);
        }

        private List<SuiteSelection> suites(JsonNode node) {
            List<SuiteSelection> suites = new ArrayList<>();
            if (!nonEmptyList(node, "suites")) {
                return suites;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "suites[" + i + "]";
                JsonNode entry = node.get(i);
                String name;
                int sampleSize = 0;
                long seed = 0;
                Set<String> categories = Set.of();
                if (entry.isTextual()) {
                    name = entry.asText();
                } else if (entry.isObject()) {
                    unknownFields(entry, path, SUITE_FIELDS);
                    name = text(entry, "name", path + ".name", true);
                    Integer size = integer(entry, "sample_size", path + ".sample_size", 0, 0);
                    sampleSize = size == null ? 0 : size;
                    Long seedValue = longInteger(entry, "seed", path + ".seed");
                    seed = seedValue == null ? 0 : seedValue;
                    categories = strings(entry.path("categories"), path + ".categories");
                } else {
                    error(path, "must be a suite name or a mapping with name, sample_size, seed, categories");
                    continue;
                }
                if (name == null) {
                    continue;
                }
                if (!knownSuites.contains(name)) {
                    error(path + ".name", "unknown suite '" + name + "'; available: " + new TreeSet<>(knownSuites));
                } else if (!seen.add(name)) {
                    error(path + ".name", "suite '" + name + "' is listed twice");
                } else {
                    suites.add(new SuiteSelection(name, sampleSize, seed, categories));
                }
            }
            return suites;
        }

        private List<Condition> conditions(JsonNode node) {
            List<Condition> conditions = new ArrayList<>();
            if (!nonEmptyList(node, "conditions")) {
                return conditions;
            }
            Set<Condition> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "conditions[" + i + "]";
                JsonNode entry = node.get(i);
                String name;
                Map<String, Object> params = Map.of();
                if (entry.isTextual()) {
                    name = entry.asText();
                } else if (entry.isObject()) {
                    unknownFields(entry, path, CONDITION_FIELDS);
                    name = text(entry, "name", path + ".name", true);
                    JsonNode paramsNode = entry.path("params");
                    if (!paramsNode.isMissingNode() && !paramsNode.isNull()) {
                        if (paramsNode.isObject()) {
                            params = JSON.convertValue(paramsNode, PARAMS_TYPE);
                        } else {
                            error(path + ".params", "must be a mapping");
                        }
                    }
                } else {
                    error(path, "must be a condition name or a mapping with name and params");
                    continue;
                }
                if (name == null) {
                    continue;
                }
                if (!Conditions.names().contains(name)) {
                    error(path + ".name", "unknown condition '" + name + "'; available: "
                            + new TreeSet<>(Conditions.names()));
                    continue;
                }
                try {
                    for (Condition condition : Conditions.expand(name, params)) {
                        if (seen.add(condition)) {
                            conditions.add(condition);
                        } else {
                            error(path, "condition '" + name + "' with the same parameters " + condition.params()
                                    + " is listed twice");
                        }
                    }
                } catch (InvalidParamsException e) {
                    e.errors().forEach(p -> error(path + ".params." + p.param(), p.reason()));
                }
            }
            return conditions;
        }

        private Sampling sampling(JsonNode node) {
            Sampling defaults = Sampling.DEFAULT;
            if (node.isMissingNode() || node.isNull()) {
                return defaults;
            }
            if (!node.isObject()) {
                error("sampling", "must be a mapping");
                return defaults;
            }
            unknownFields(node, "sampling", SAMPLING_FIELDS);
            Double temperature = number(node, "temperature", "sampling.temperature", defaults.temperature());
            Double topP = number(node, "top_p", "sampling.top_p", defaults.topP());
            Integer topK = integer(node, "top_k", "sampling.top_k", Integer.MIN_VALUE, defaults.topK());
            Integer maxTokens = integer(node, "max_tokens", "sampling.max_tokens", Integer.MIN_VALUE,
                    defaults.maxTokens());
            Long seed = longInteger(node, "seed", "sampling.seed");
            if (temperature == null || topP == null || topK == null || maxTokens == null) {
                return defaults;
            }
            List<Sampling.Problem> problems = Sampling.check(temperature, topP, topK, maxTokens);
            problems.forEach(p -> error("sampling." + p.field(), p.reason()));
            return problems.isEmpty() ? new Sampling(temperature, topP, topK, maxTokens, seed) : defaults;
        }

        private List<String> judges(JsonNode node) {
            if (!nonEmptyList(node, "judges")) {
                return List.of();
            }
            List<String> judges = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "judges[" + i + "]";
                JsonNode entry = node.get(i);
                if (!entry.isTextual() || entry.asText().isBlank()) {
                    error(path, "must be a judge id");
                } else if (!knownJudges.contains(entry.asText())) {
                    error(path, "unknown judge '" + entry.asText() + "'; available: " + new TreeSet<>(knownJudges));
                } else if (judges.contains(entry.asText())) {
                    error(path, "judge '" + entry.asText() + "' is listed twice");
                } else {
                    judges.add(entry.asText());
                }
            }
            return judges;
        }

        private String policy(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                node = JSON.getNodeFactory().textNode(DEFAULT_POLICY);
            }
            if (!node.isTextual() || node.asText().isBlank()) {
                error("policy", "must be a policy name");
                return DEFAULT_POLICY;
            }
            if (!knownPolicies.contains(node.asText())) {
                error("policy", "unknown policy '" + node.asText() + "'; available: " + new TreeSet<>(knownPolicies));
            }
            return node.asText();
        }

        private boolean nonEmptyList(JsonNode node, String path) {
            if (node.isMissingNode() || node.isNull()) {
                error(path, "is required");
                return false;
            }
            if (!node.isArray() || node.isEmpty()) {
                error(path, "must be a non-empty list");
                return false;
            }
            return true;
        }

        private Set<String> strings(JsonNode node, String path) {
            if (node.isMissingNode() || node.isNull()) {
                return Set.of();
            }
            Set<String> values = new LinkedHashSet<>();
            if (!node.isArray()) {
                error(path, "must be a list of strings");
                return values;
            }
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual() && !node.get(i).asText().isBlank()) {
                    values.add(node.get(i).asText());
                } else {
                    error(path + "[" + i + "]", "must be a non-empty string");
                }
            }
            return values;
        }

        private String text(JsonNode parent, String field, String path, boolean required) {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                if (required) {
                    error(path, "is required");
                }
                return null;
            }
            if (!node.isValueNode() || node.asText().isBlank()) {
                error(path, "must be a non-empty string");
                return null;
            }
            return node.asText(); // YAML reads version: 7 as a number; a version is text either way
        }

        /** An integer >= min, the default when absent, null when invalid (error recorded). */
        private Integer integer(JsonNode parent, String field, String path, int min, int defaultValue) {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                return defaultValue;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                error(path, "must be an integer, got " + node);
                return null;
            }
            if (node.intValue() < min) {
                error(path, "must be >= " + min + ", got " + node.intValue());
                return null;
            }
            return node.intValue();
        }

        private Long longInteger(JsonNode parent, String field, String path) {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                error(path, "must be an integer, got " + node);
                return null;
            }
            return node.longValue();
        }

        private Double number(JsonNode parent, String field, String path, double defaultValue) {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                return defaultValue;
            }
            if (!node.isNumber()) {
                error(path, "must be a number, got " + node);
                return null;
            }
            return node.doubleValue();
        }

        private void unknownFields(JsonNode node, String path, Set<String> allowed) {
            errors.addAll(PlanError.unknownFields(node, path, allowed));
        }

        private void error(String path, String reason) {
            errors.add(new PlanError(path, reason));
        }
    }
}
