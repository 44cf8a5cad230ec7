package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.llm.LlmRequest;
import dev.safegate.proto.inference.InferParameter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The white-box request parameters of one request, checked against the model; a bad value is an INVALID_ARG
 * error that names the parameter.
 *
 * @param exitLayer the block whose output is decoded (num_hidden_layers when not asked)
 * @param steeringLayer the block after which {@code steering} is added, or -1
 * @param steering strength x vector, or null
 * @param captureLayers blocks whose output at the last prompt token is returned (0 = embeddings)
 * @param returnTokenLogprobs send prompt_token_ids, token_ids and token_logprobs
 * @param scoreContinuation text to score by teacher forcing instead of generating, or null
 */
public record WhiteBoxOptions(int exitLayer, int steeringLayer, float[] steering, int[] captureLayers,
        boolean returnTokenLogprobs, String scoreContinuation) {
    public static final Set<String> PARAMETERS = Set.copyOf(LlmRequest.WHITE_BOX_PARAMETERS);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static WhiteBoxOptions of(LlmRequest request, HfConfig config) throws TritonError {
        int layers = config.layers();
        Long exit = request.whiteBoxInteger("early_exit_layer");
        if (exit != null && (exit < 1 || exit > layers)) {
            throw TritonError.invalid("request parameter 'early_exit_layer' must be between 1 and " + layers + ", got "
                    + exit);
        }
        int steeringLayer = -1;
        float[] steering = null;
        String steeringJson = string(request, "steering");
        if (steeringJson != null) {
            JsonNode root = json("steering", steeringJson);
            JsonNode layer = root.path("layer");
            JsonNode strength = root.path("strength");
            JsonNode vector = root.path("vector");
            if (!layer.isIntegralNumber() || layer.asInt() < 0 || layer.asInt() > layers) {
                throw TritonError.invalid("request parameter 'steering': 'layer' must be an integer between 0 and "
                        + layers + ", got " + layer);
            }
            if (!strength.isNumber()) {
                throw TritonError.invalid("request parameter 'steering': 'strength' must be a number, got " + strength);
            }
            if (!vector.isArray() || vector.size() != config.hiddenSize()) {
                throw TritonError.invalid("request parameter 'steering': 'vector' must be an array of hidden_size = "
                        + config.hiddenSize() + " numbers" + (root.has("name")
                                ? " (this model stores no named vectors)" : ", got " + vector.size()));
            }
            steeringLayer = layer.asInt();
            steering = new float[config.hiddenSize()];
            for (int i = 0; i < steering.length; i++) {
                if (!vector.get(i).isNumber()) {
                    throw TritonError.invalid("request parameter 'steering': vector[" + i + "] is not a number");
                }
                steering[i] = (float) (strength.asDouble() * vector.get(i).asDouble());
            }
        }
        int[] capture = new int[0];
        String captureJson = string(request, "capture_layers");
        if (captureJson != null) {
            JsonNode root = json("capture_layers", captureJson);
            Set<Integer> seen = new LinkedHashSet<>();
            if (!root.isArray() || root.isEmpty()) {
                throw TritonError.invalid("request parameter 'capture_layers' must be a non-empty JSON list of block indices");
            }
            for (JsonNode layer : root) {
                if (!layer.isIntegralNumber() || layer.asInt() < 0 || layer.asInt() > layers) {
                    throw TritonError.invalid("request parameter 'capture_layers': " + layer
                            + " is not a block index between 0 and " + layers);
                }
                seen.add(layer.asInt());
            }
            capture = seen.stream().mapToInt(Integer::intValue).toArray();
        }
        String score = string(request, "score_continuation");
        if (score != null && score.isEmpty()) {
            throw TritonError.invalid("request parameter 'score_continuation' must not be empty");
        }
        return new WhiteBoxOptions(exit == null ? layers : exit.intValue(), steeringLayer, steering, capture,
                bool(request, "return_token_logprobs"), score);
    }

    private static String string(LlmRequest request, String name) throws TritonError {
        InferParameter parameter = request.whiteBox().get(name);
        if (parameter == null) {
            return null;
        }
        if (parameter.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.STRING_PARAM) {
            throw TritonError.invalid("request parameter '" + name + "' must be a string parameter");
        }
        return parameter.getStringParam();
    }

    private static boolean bool(LlmRequest request, String name) throws TritonError {
        InferParameter parameter = request.whiteBox().get(name);
        if (parameter == null) {
            return false;
        }
        if (parameter.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.BOOL_PARAM) {
            throw TritonError.invalid("request parameter '" + name + "' must be a bool parameter");
        }
        return parameter.getBoolParam();
    }

    private static JsonNode json(String name, String text) throws TritonError {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null) {
                throw TritonError.invalid("request parameter '" + name + "' is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw TritonError.invalid("request parameter '" + name + "' is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
