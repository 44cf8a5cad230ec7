package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import java.util.List;
import java.util.Map;

/**
 * {@code activations} (white-box): the model's own template and an ordinary generation (so that the judges judge
 * the answer), plus the residual stream at the last prompt token after each listed block (request parameter
 * {@code capture_layers}; 0 is the embeddings). The activations are stored with the generation: misalignment
 * directions are fitted from them, and a new version's prompts are projected onto a stored direction, which needs
 * no generation at all (the answer is there to check the projection against the judged label).
 */
public record ActivationsCondition(List<Integer> layers) implements Condition {
    public static final String NAME = "activations";
    public static final String REQUEST_PARAMETER = "capture_layers";

    public ActivationsCondition {
        layers = List.copyOf(layers);
        if (layers.isEmpty() || layers.stream().anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("layers must be a non-empty list of block indices >= 0, got " + layers);
        }
    }

    static ActivationsCondition fromParams(ConditionParams params) {
        List<Integer> layers = params.integers("layers", true, 0);
        params.done();
        return new ActivationsCondition(layers);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("layers", layers);
    }

    @Override
    public PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling) {
        return Prompts.ownTemplateCall(this, item, model, sampling, null,
                Map.of(REQUEST_PARAMETER, CanonicalJson.write(layers)));
    }
}
