package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code steering} (white-box): the model's own template, and the request parameter {@code steering} of the
 * white-box contract (proto/README.md), a JSON string {@code {"layer":L,"strength":s,"vector":[...]}} asking the
 * model server to add s x vector to the residual stream after block L at every position. Instead of a vector:
 * <ul>
 * <li>{@code name} asks for a vector the model server stores with the model;</li>
 * <li>{@code direction} names a misalignment direction SafeGate fitted and stored (the results service's
 * {@code /api/v1/directions/{id}}): its unit vector and its layer come from the stored artifact (so no
 * {@code layer} is given), the worker fetches it ({@link #resolve}), and cells stay short
 * ({@code steering(direction=3, strength=4.0)}).</li>
 * </ul>
 * Only model servers that declare support for {@code steering} in their model config honour it; the worker refuses
 * it for any other.
 *
 * @param layer the block after which the vector is added; null for a stored direction (the artifact's layer)
 * @param vector the direction (hidden_size numbers), or null
 * @param name a vector stored with the model, or null
 * @param direction the id of a stored direction, or null
 */
public record SteeringCondition(Integer layer, double strength, List<Double> vector, String name, Integer direction)
        implements Condition {
    public static final String NAME = "steering";
    public static final String REQUEST_PARAMETER = "steering";

    public SteeringCondition {
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be finite, got " + strength);
        }
        int given = (vector == null ? 0 : 1) + (name == null ? 0 : 1) + (direction == null ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("steering needs exactly one of 'vector', 'name' and 'direction'");
        }
        if (direction != null && (direction < 1 || layer != null)) {
            throw new IllegalArgumentException("a stored direction (id >= 1) brings its own layer");
        }
        if (direction == null && (layer == null || layer < 0)) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        vector = vector == null ? null : List.copyOf(vector);
    }

    /** Steering by a vector or a name stored with the model. */
    public SteeringCondition(int layer, double strength, List<Double> vector, String name) {
        this(layer, strength, vector, name, null);
    }

    /** Steering along the stored direction {@code direction}. */
    public static SteeringCondition byDirection(int direction, double strength) {
        return new SteeringCondition(null, strength, null, null, direction);
    }

    static SteeringCondition fromParams(ConditionParams params) {
        Integer direction = params.integer("direction", false, 1);
        Double strength = params.number("strength", true);
        List<Double> vector = params.numbers("vector", false);
        String name = params.text("name", false);
        int given = (params.has("vector") ? 1 : 0) + (params.has("name") ? 1 : 0) + (params.has("direction") ? 1 : 0);
        if (given != 1) {
            params.error("vector", "give exactly one of 'vector' (a list of hidden_size numbers), 'name' and "
                    + "'direction' (the id of a stored direction)");
        }
        Integer layer;
        if (params.has("direction")) {
            layer = null;
            if (params.has("layer")) {
                params.integer("layer", false, 0);
                params.error("layer", "a stored direction brings its own layer; leave 'layer' out");
            }
        } else {
            layer = params.integer("layer", true, 0);
        }
        params.done();
        return new SteeringCondition(layer, strength, vector, name, direction);
    }

    /** The condition that steers along a fetched direction: its layer and unit vector, with this strength. */
    public SteeringCondition resolve(int directionLayer, List<Double> unitVector) {
        if (direction == null) {
            throw new IllegalStateException("only steering by a stored direction is resolved");
        }
        return new SteeringCondition(directionLayer, strength, unitVector, null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        if (direction != null) {
            params.put("direction", direction);
            params.put("strength", strength);
            return params;
        }
        params.put("layer", layer);
        params.put("strength", strength);
        if (vector != null) {
            params.put("vector", vector);
        } else {
            params.put("name", name);
        }
        return params;
    }

    /** @throws ConditionException for a stored direction that was not {@link #resolve resolved} first */
    @Override
    public PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling) {
        if (direction != null) {
            throw new ConditionException(NAME, item.id(), "direction " + direction
                    + " must be fetched from the results service before planning");
        }
        return Prompts.ownTemplateCall(this, item, model, sampling, null,
                Map.of(REQUEST_PARAMETER, CanonicalJson.write(params())));
    }
}
