package dev.safegate.triton;

import com.google.protobuf.ByteString;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelInferResponse.InferOutputTensor;
import java.util.List;

/**
 * Reads a generation from one or more responses: a decoupled model may split its answer over several
 * responses (and end with an empty one), so text and output-token counts add up across them.
 */
final class TextResponses {

    private TextResponses() {
    }

    static TextResult read(List<ModelInferResponse> responses, TritonModel model) {
        StringBuilder text = new StringBuilder();
        String finishReason = null;
        int inputTokens = -1;
        int outputTokens = -1;
        String servedModel = model.name();
        String servedVersion = model.version();
        long[] promptTokenIds = new long[0];
        long[] tokenIds = new long[0];
        float[] tokenLogprobs = new float[0];
        float[][] activations = new float[0][];
        for (ModelInferResponse response : responses) {
            if (!response.getModelName().isEmpty()) {
                servedModel = response.getModelName();
            }
            if (!response.getModelVersion().isEmpty()) {
                servedVersion = response.getModelVersion();
            }
            for (int i = 0; i < response.getOutputsCount(); i++) {
                InferOutputTensor output = response.getOutputs(i);
                switch (output.getName()) {
                    case "text_output" -> text.append(firstString(response, i));
                    case "finish_reason" -> finishReason = firstString(response, i);
                    case "num_input_tokens" -> inputTokens = (int) firstInteger(response, i);
                    case "num_output_tokens" -> outputTokens = Math.max(outputTokens, 0) + (int) firstInteger(response, i);
                    // the white-box tensors come once, with the request's last response
                    case "prompt_token_ids" -> promptTokenIds = Tensors.int64s(raw(response, i));
                    case "token_ids" -> tokenIds = Tensors.int64s(raw(response, i));
                    case "token_logprobs" -> tokenLogprobs = Tensors.fp32s(raw(response, i));
                    case "activations" -> activations = rows(Tensors.fp32s(raw(response, i)), output);
                    default -> {
                        // other outputs (vLLM's log probabilities, batch index) are not used
                    }
                }
            }
        }
        WhiteBoxOutputs whiteBox = promptTokenIds.length + tokenIds.length + tokenLogprobs.length
                + activations.length == 0 ? WhiteBoxOutputs.NONE
                : new WhiteBoxOutputs(promptTokenIds, tokenIds, tokenLogprobs, activations);
        return new TextResult(text.toString(), finishReason, inputTokens, outputTokens, servedModel, servedVersion,
                whiteBox);
    }

    /** The raw contents of output {@code index}; white-box tensors travel raw, as Triton's gRPC frontend sends. */
    private static ByteString raw(ModelInferResponse response, int index) {
        if (response.getRawOutputContentsCount() <= index) {
            throw new IllegalArgumentException("output " + response.getOutputs(index).getName()
                    + " has no raw contents");
        }
        return response.getRawOutputContents(index);
    }

    /** A [rows, columns] FP32 tensor as its rows. */
    private static float[][] rows(float[] flat, InferOutputTensor output) {
        if (output.getShapeCount() != 2 || output.getShape(0) * output.getShape(1) != flat.length) {
            throw new IllegalArgumentException("activations of shape " + output.getShapeList() + " hold "
                    + flat.length + " values");
        }
        int columns = (int) output.getShape(1);
        float[][] rows = new float[(int) output.getShape(0)][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
        }
        return rows;
    }

    private static String firstString(ModelInferResponse response, int index) {
        List<String> values = response.getRawOutputContentsCount() > index
                ? Tensors.strings(response.getRawOutputContents(index))
                : response.getOutputs(index).getContents().getBytesContentsList().stream()
                        .map(ByteString::toStringUtf8).toList();
        return values.isEmpty() ? "" : values.getFirst();
    }

    private static long firstInteger(ModelInferResponse response, int index) {
        InferOutputTensor output = response.getOutputs(index);
        if (response.getRawOutputContentsCount() > index) {
            return Tensors.firstInteger(output.getDatatype(), response.getRawOutputContents(index));
        }
        var contents = output.getContents();
        if (contents.getUintContentsCount() > 0) {
            return Integer.toUnsignedLong(contents.getUintContents(0));
        }
        if (contents.getIntContentsCount() > 0) {
            return contents.getIntContents(0);
        }
        if (contents.getInt64ContentsCount() > 0) {
            return contents.getInt64Contents(0);
        }
        return contents.getUint64ContentsCount() > 0 ? contents.getUint64Contents(0) : 0;
    }
}
