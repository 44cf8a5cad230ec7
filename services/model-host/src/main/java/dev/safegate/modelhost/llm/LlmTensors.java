package dev.safegate.modelhost.llm;

import dev.safegate.proto.inference.DataType;
import dev.safegate.proto.inference.ModelInput;
import dev.safegate.proto.inference.ModelOutput;
import java.util.List;

/** The tensors of an LLM model, named and typed as Triton's vLLM backend declares them. */
public final class LlmTensors {
    public static final String TEXT_INPUT = "text_input";
    public static final String STREAM = "stream";
    public static final String SAMPLING_PARAMETERS = "sampling_parameters";
    public static final String EXCLUDE_INPUT_IN_OUTPUT = "exclude_input_in_output";
    public static final String RETURN_FINISH_REASON = "return_finish_reason";
    public static final String RETURN_NUM_INPUT_TOKENS = "return_num_input_tokens";
    public static final String RETURN_NUM_OUTPUT_TOKENS = "return_num_output_tokens";

    public static final String TEXT_OUTPUT = "text_output";
    public static final String FINISH_REASON = "finish_reason";
    public static final String NUM_INPUT_TOKENS = "num_input_tokens";
    public static final String NUM_OUTPUT_TOKENS = "num_output_tokens";

    /** White-box outputs (see the contract in proto/README.md), declared by models that can send them. */
    public static final String ACTIVATIONS = "activations";
    public static final String PROMPT_TOKEN_IDS = "prompt_token_ids";
    public static final String TOKEN_IDS = "token_ids";
    public static final String TOKEN_LOGPROBS = "token_logprobs";

    public static final List<ModelInput> INPUTS = List.of(
            input(TEXT_INPUT, DataType.TYPE_STRING, false),
            input(STREAM, DataType.TYPE_BOOL, true),
            input(SAMPLING_PARAMETERS, DataType.TYPE_STRING, true),
            input(EXCLUDE_INPUT_IN_OUTPUT, DataType.TYPE_BOOL, true),
            input(RETURN_FINISH_REASON, DataType.TYPE_BOOL, true),
            input(RETURN_NUM_INPUT_TOKENS, DataType.TYPE_BOOL, true),
            input(RETURN_NUM_OUTPUT_TOKENS, DataType.TYPE_BOOL, true));

    public static final List<ModelOutput> OUTPUTS = List.of(
            output(TEXT_OUTPUT, DataType.TYPE_STRING, -1),
            output(FINISH_REASON, DataType.TYPE_STRING, -1),
            output(NUM_INPUT_TOKENS, DataType.TYPE_UINT32, 1),
            output(NUM_OUTPUT_TOKENS, DataType.TYPE_UINT32, -1));

    /** activations FP32 [layers, hidden]; the token tensors INT64/FP32 [n]. */
    public static final List<ModelOutput> WHITE_BOX_OUTPUTS = List.of(
            output(ACTIVATIONS, DataType.TYPE_FP32, -1, -1),
            output(PROMPT_TOKEN_IDS, DataType.TYPE_INT64, -1),
            output(TOKEN_IDS, DataType.TYPE_INT64, -1),
            output(TOKEN_LOGPROBS, DataType.TYPE_FP32, -1));

    private LlmTensors() {
    }

    /** The protocol's datatype name ("BYTES", "BOOL", ...) of a config data type. */
    public static String wireName(DataType type) {
        return switch (type) {
            case TYPE_STRING -> "BYTES";
            case TYPE_BOOL -> "BOOL";
            case TYPE_UINT32 -> "UINT32";
            default -> type.name().substring("TYPE_".length());
        };
    }

    private static ModelInput input(String name, DataType type, boolean optional) {
        return ModelInput.newBuilder().setName(name).setDataType(type).addDims(1).setOptional(optional).build();
    }

    private static ModelOutput output(String name, DataType type, long... dims) {
        ModelOutput.Builder output = ModelOutput.newBuilder().setName(name).setDataType(type);
        for (long dim : dims) {
            output.addDims(dim);
        }
        return output.build();
    }
}
