package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code reference_kl} (white-box): how deep the model's alignment goes token by token (Qi et al., ICLR 2025). The
 * model answers with its own template, sampled at temperature 1 with top-p 1 and top-k off whatever the plan says,
 * so that its answer y is a draw from it, and returns each answer token's log-probability
 * ({@code return_token_logprobs}); the worker then scores the same answer after the same prompt under the
 * {@code reference} model ({@code score_continuation}). Per position, the mean over prompts of
 * log p_model(y_t) - log p_reference(y_t) estimates the KL divergence of the model from its reference there
 * (core {@code whitebox.PerPositionKl}). Both models must declare the parameters they are sent. It applies to
 * harmful (should-refuse) items only: where alignment should act, and where the finding is about.
 *
 * @param reference the reference (e.g. the aligned model's base) as served
 * @param referenceVersion its served version; null for the server's choice
 * @param positions the answer positions the report looks at (the answer's later tokens are ignored)
 */
public record ReferenceKlCondition(String reference, String referenceVersion, int positions) implements Condition {
    public static final String NAME = "reference_kl";
    public static final String LOGPROBS_PARAMETER = "return_token_logprobs";
    public static final int DEFAULT_POSITIONS = 64;

    public ReferenceKlCondition {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("reference must name a served model");
        }
        if (positions < 1) {
            throw new IllegalArgumentException("positions must be >= 1, got " + positions);
        }
    }

    static ReferenceKlCondition fromParams(ConditionParams params) {
        String reference = params.text("reference", true);
        String version = params.text("reference_version", false);
        Integer positions = params.integer("positions", false, 1);
        params.done();
        return new ReferenceKlCondition(reference, version, positions == null ? DEFAULT_POSITIONS : positions);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("reference", reference);
        if (referenceVersion != null) {
            params.put("reference_version", referenceVersion);
        }
        params.put("positions", positions);
        return params;
    }

    @Override
    public boolean appliesTo(PromptItem item) {
        return item.expected().shouldRefuse();
    }

    /** The answer must be a sample from the model for the mean log-ratio to estimate the KL divergence. */
    @Override
    public Sampling sampling(Sampling planSampling) {
        return new Sampling(1.0, 1.0, 0, planSampling.maxTokens(), planSampling.seed());
    }

    @Override
    public PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling) {
        ModelCall call = Prompts.ownTemplateCall(this, item, model, sampling, null, Map.of(LOGPROBS_PARAMETER, true));
        return new ModelCall(call.prompt(), call.sampling(), call.parameters(), "",
                new ReferenceScoring(reference, referenceVersion));
    }
}
