package dev.safegate.core.plan;

import dev.safegate.core.condition.CanonicalJson;
import dev.safegate.core.condition.Condition;
import dev.safegate.core.condition.Sampling;
import dev.safegate.core.suite.SuiteSelection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated evaluation plan: which suites, under which conditions, with which sampling and judges, decided
 * by which policy. Build one with {@link PlanParser}.
 *
 * @param model null when the plan is a template the caller binds to a model later ({@link #withModel})
 * @param samples samples per item and condition (decoding may override)
 */
public record Plan(
        ModelRef model,
        List<SuiteSelection> suites,
        List<Condition> conditions,
        Sampling sampling,
        int samples,
        List<String> judges,
        String policy) implements EvaluationPlan {

    public Plan {
        suites = List.copyOf(suites);
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(sampling, "sampling");
        judges = List.copyOf(judges);
        Objects.requireNonNull(policy, "policy");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
    }

    @Override
    public Plan withModel(ModelRef model) {
        return new Plan(model, suites, conditions, sampling, samples, judges, policy);
    }

    /**
     * The plan's content as canonical JSON, without the model: the same plan gives the same JSON whatever
     * its formatting, key order, or the order of its suites, conditions and judges.
     */
    public String canonicalJson() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("suites", suites.stream()
                .sorted(Comparator.comparing(SuiteSelection::name))
                .map(suite -> Map.of(
                        "name", suite.name(),
                        "sample_size", suite.sampleSize(),
                        "seed", suite.seed(),
                        "categories", suite.categories().stream().sorted().toList()))
                .toList());
        content.put("conditions", conditions.stream()
                .map(condition -> Map.of("name", condition.name(), "params", condition.params()))
                .sorted(Comparator.comparing(CanonicalJson::write))
                .toList());
        Map<String, Object> samplingJson = new LinkedHashMap<>();
        samplingJson.put("temperature", sampling.temperature());
        samplingJson.put("top_p", sampling.topP());
        samplingJson.put("top_k", sampling.topK());
        samplingJson.put("max_tokens", sampling.maxTokens());
        samplingJson.put("seed", sampling.seed());
        samplingJson.put("samples", samples);
        content.put("sampling", samplingJson);
        content.put("judges", judges.stream().sorted().toList());
        content.put("policy", policy);
        return CanonicalJson.write(content);
    }

    /** SHA-256 (hex) of {@link #canonicalJson()}: with model and version, the key that makes run creation idempotent. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
