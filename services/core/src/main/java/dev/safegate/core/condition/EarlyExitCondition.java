package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import java.util.List;
import java.util.Map;

/**
 * {@code early_exit} (white-box): the model's own template, and the request parameter
 * {@code early_exit_layer} (int) asking the model server to decode from that layer's hidden state.
 * Only model servers that declare support for it in their model metadata honour it. A plan may ask for a depth
 * sweep in one entry, {@code {name: early_exit, params: {layers: [4, 8, 12]}}}: one condition per layer
 * ({@link #sweep}), each its own cell, so that refusal against depth is a row of ordinary cells.
 */
public record EarlyExitCondition(int layer) implements Condition {
    public static final String NAME = "early_exit";
    public static final String REQUEST_PARAMETER = "early_exit_layer";

    public EarlyExitCondition {
        if (layer < 1) {
            throw new IllegalArgumentException("layer must be >= 1, got " + layer);
        }
    }

    static EarlyExitCondition fromParams(ConditionParams params) {
        Integer layer = params.integer("layer", true, 1);
        params.done();
        return new EarlyExitCondition(layer);
    }

    /** The plan sugar {@code {layers: [...]}}: one early_exit condition per listed layer, in the listed order. */
    static List<Condition> sweep(ConditionParams params) {
        List<Integer> layers = params.integers("layers", true, 1);
        params.done();
        return layers.stream().<Condition>map(EarlyExitCondition::new).toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("layer", layer);
    }

    @Override
    public PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling) {
        return Prompts.ownTemplateCall(this, item, model, sampling, null, Map.of(REQUEST_PARAMETER, layer));
    }
}
