package dev.safegate.modelhost.llm;

import dev.safegate.modelhost.TritonError;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelInferRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One generation request in the shape of Triton's vLLM backend.
 *
 * @param id the request id, echoed in every response
 * @param prompt text_input, sent to the model as it is (no chat template is applied here)
 * @param stream one response per token chunk (true) or one response with the whole text (false)
 * @param prependInput echo the prompt before the generated text (exclude_input_in_output = false)
 * @param requestedOutputs the outputs the client asked for; empty means all that the request enables
 * @param whiteBox white-box request parameters ({@link #WHITE_BOX_PARAMETERS}) that the model declared support for
 */
public record LlmRequest(
        String id,
        String prompt,
        boolean stream,
        boolean prependInput,
        SamplingParameters sampling,
        boolean returnFinishReason,
        boolean returnNumInputTokens,
        boolean returnNumOutputTokens,
        Set<String> requestedOutputs,
        Map<String, InferParameter> whiteBox) {

    /** White-box request parameters SafeGate's conditions send; a model declares the ones it honours. */
    public static final List<String> WHITE_BOX_PARAMETERS = List.of("early_exit_layer", "steering", "capture_layers",
            "return_token_logprobs", "score_continuation");

    public static LlmRequest parse(ModelInferRequest request, Set<String> supportedWhiteBox) throws TritonError {
        Map<String, Object> inputs = InferInputs.decode(request, LlmTensors.INPUTS);
        boolean stream = flag(inputs, LlmTensors.STREAM);
        Boolean exclude = (Boolean) inputs.get(LlmTensors.EXCLUDE_INPUT_IN_OUTPUT);
        boolean prependInput = exclude == null ? !stream : !exclude;
        if (prependInput && stream) {
            // vLLM backend's own message.
            throw TritonError.invalid("When streaming, `exclude_input_in_output` = False is not allowed.");
        }
        String samplingJson = (String) inputs.get(LlmTensors.SAMPLING_PARAMETERS);
        SamplingParameters sampling = samplingJson == null ? SamplingParameters.DEFAULTS : SamplingParameters.parse(samplingJson);
        Set<String> outputs = new LinkedHashSet<>();
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            boolean known = Stream.concat(LlmTensors.OUTPUTS.stream(), LlmTensors.WHITE_BOX_OUTPUTS.stream())
                    .anyMatch(o -> o.getName().equals(output.getName()));
            if (!known) {
                throw TritonError.invalid("unexpected inference output '" + output.getName() + "' for model '"
                        + request.getModelName() + "'");
            }
            outputs.add(output.getName());
        }
        return new LlmRequest(request.getId(), (String) inputs.get(LlmTensors.TEXT_INPUT), stream, prependInput, sampling,
                flag(inputs, LlmTensors.RETURN_FINISH_REASON), flag(inputs, LlmTensors.RETURN_NUM_INPUT_TOKENS),
                flag(inputs, LlmTensors.RETURN_NUM_OUTPUT_TOKENS), Set.copyOf(outputs),
                whiteBox(request, supportedWhiteBox));
    }

    /** The value of an integer white-box parameter, or null when the request does not carry it. */
    public Long whiteBoxInteger(String name) throws TritonError {
        InferParameter parameter = whiteBox.get(name);
        if (parameter == null) {
            return null;
        }
        return switch (parameter.getParameterChoiceCase()) {
            case INT64_PARAM -> parameter.getInt64Param();
            case UINT64_PARAM -> parameter.getUint64Param();
            case STRING_PARAM -> {
                try {
                    yield Long.parseLong(parameter.getStringParam().strip());
                } catch (NumberFormatException e) {
                    throw TritonError.invalid("request parameter '" + name + "' must be an integer, got '"
                            + parameter.getStringParam() + "'");
                }
            }
            default -> throw TritonError.invalid("request parameter '" + name + "' must be an integer");
        };
    }

    private static Map<String, InferParameter> whiteBox(ModelInferRequest request, Set<String> supported)
            throws TritonError {
        Map<String, InferParameter> found = new TreeMap<>();
        for (String name : WHITE_BOX_PARAMETERS) {
            InferParameter parameter = request.getParametersMap().get(name);
            if (parameter == null) {
                continue;
            }
            if (!supported.contains(name)) {
                throw TritonError.invalid("model '" + request.getModelName() + "' does not support request parameter '"
                        + name + "' (supported white-box parameters: "
                        + (supported.isEmpty() ? "none" : String.join(", ", supported.stream().sorted().toList()))
                        + ")");
            }
            found.put(name, parameter);
        }
        return Map.copyOf(found);
    }

    private static boolean flag(Map<String, Object> inputs, String name) {
        return Boolean.TRUE.equals(inputs.get(name));
    }
}
