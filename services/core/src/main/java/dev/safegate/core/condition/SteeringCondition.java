package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code steering} (white-box): the model's own template, and the request parameter {@code steering} of the
 * white-box contract (proto/README.md), a JSON string {@code {"layer":L,"strength":s,"vector":[...]}} asking the
 * model server to add s x vector to the residual stream after block L at every position. Instead of a vector, a
 * {@code name} asks for a vector the model server stores with the model. Only model servers that declare support
 * for {@code steering} in their model config honour it; the worker refuses it for any other.
 *
 * @param vector the direction (hidden_size numbers), or null when {@code name} is given
 * @param name a vector stored with the model, or null when {@code vector} is given
 */
public record SteeringCondition(int layer, double strength, List<Double> vector, String name) implements Condition {
    public static final String NAME = "steering";
    public static final String REQUEST_PARAMETER = "steering";

    public SteeringCondition {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be finite, got " + strength);
        }
        if ((vector == null) == (name == null)) {
            throw new IllegalArgumentException("steering needs exactly one of 'vector' and 'name'");
        }
        vector = vector == null ? null : List.copyOf(vector);
    }

    static SteeringCondition fromParams(ConditionParams params) {
        Integer layer = params.integer("layer", true, 0);
        Double strength = params.number("strength", true);
        List<Double> vector = params.numbers("vector", false);
        String name = params.text("name", false);
        if ((vector == null) == (name == null)) {
            params.error("vector", "give exactly one of 'vector' (a list of hidden_size numbers) and 'name'");
        }
        params.done();
        return new SteeringCondition(layer, strength, vector, name);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("layer", layer);
        params.put("strength", strength);
        if (vector != null) {
            params.put("vector", vector);
        } else {
            params.put("name", name);
        }
        return params;
    }

    @Override
    public PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling) {
        return Prompts.ownTemplateCall(this, item, model, sampling, null,
                Map.of(REQUEST_PARAMETER, CanonicalJson.write(params())));
    }
}
