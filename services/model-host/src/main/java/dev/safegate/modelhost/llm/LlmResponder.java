package dev.safegate.modelhost.llm;

import com.google.protobuf.ByteString;
import dev.safegate.modelhost.TritonError;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a generation's tokens into responses the way Triton's vLLM backend does. Streaming: one response per
 * token, each holding only that token's text; the last token is held back until the generation ends so that the
 * last response carries it together with {@code triton_final_response=true} (no empty closing response). Not
 * streaming: one response with the whole text, the prompt first unless exclude_input_in_output is true.
 * Outputs travel in raw_output_contents, as Triton's gRPC frontend sends them: BYTES as a 4-byte little-endian
 * length and the bytes, UINT32 as 4 little-endian bytes. finish_reason and the token counts are sent only when the
 * request enables them (return_* inputs); like vLLM, finish_reason is "None" before the last response and
 * num_output_tokens counts the tokens of each response.
 */
public final class LlmResponder implements LlmBackend.TokenSink {
    private final String modelName;
    private final String modelVersion;
    private final boolean decoupled;
    private final LlmRequest request;
    private final Listener listener;
    private final StringBuilder text = new StringBuilder();
    private List<OutputTensor> extraOutputs = List.of();
    private String heldToken;
    private int tokens;
    private int inputTokens;

    /** Where responses go. */
    public interface Listener {
        /** A response; {@code last} is true for the request's last one. */
        void response(ModelInferResponse response, boolean last);

        /** The request failed; nothing follows. */
        void error(TritonError error);
    }

    public LlmResponder(String modelName, String modelVersion, boolean decoupled, LlmRequest request,
            Listener listener) {
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.decoupled = decoupled;
        this.request = request;
        this.listener = listener;
    }

    @Override
    public void started(int promptTokens) {
        inputTokens = promptTokens;
    }

    @Override
    public void token(String token) {
        tokens++;
        if (!request.stream()) {
            text.append(token);
            return;
        }
        if (heldToken != null) {
            listener.response(response(heldToken, 1, null, false), false);
        }
        heldToken = token;
    }

    @Override
    public void outputs(List<OutputTensor> tensors) {
        extraOutputs = List.copyOf(tensors);
    }

    @Override
    public void finished(LlmBackend.FinishReason reason) {
        if (request.stream()) {
            listener.response(response(heldToken == null ? "" : heldToken, heldToken == null ? 0 : 1, reason, true),
                    true);
        } else {
            String output = request.prependInput() ? request.prompt() + text : text.toString();
            listener.response(response(output, tokens, reason, true), true);
        }
    }

    @Override
    public void failed(TritonError error) {
        listener.error(error);
    }

    private ModelInferResponse response(String output, int outputTokens, LlmBackend.FinishReason reason,
            boolean last) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(modelName).setModelVersion(modelVersion).setId(request.id());
        addOutput(response, LlmTensors.TEXT_OUTPUT, "BYTES", bytesElement(output));
        if (request.returnFinishReason()) {
            addOutput(response, LlmTensors.FINISH_REASON, "BYTES", bytesElement(reason == null ? "None" : reason.vllmName()));
        }
        if (request.returnNumInputTokens()) {
            addOutput(response, LlmTensors.NUM_INPUT_TOKENS, "UINT32", uint32(inputTokens));
        }
        if (request.returnNumOutputTokens()) {
            addOutput(response, LlmTensors.NUM_OUTPUT_TOKENS, "UINT32", uint32(outputTokens));
        }
        if (last) {
            for (OutputTensor tensor : extraOutputs) {
                addOutput(response, tensor.name(), tensor.datatype(), tensor.shape(), tensor.raw());
            }
        }
        if (decoupled) {
            response.putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(last).build());
        }
        return response.build();
    }

    private void addOutput(ModelInferResponse.Builder response, String name, String datatype, ByteString raw) {
        addOutput(response, name, datatype, List.of(1L), raw);
    }

    private void addOutput(ModelInferResponse.Builder response, String name, String datatype, List<Long> shape,
            ByteString raw) {
        // Like Triton, send only the outputs the client asked for when it asked for some.
        if (!request.requestedOutputs().isEmpty() && !request.requestedOutputs().contains(name)) {
            return;
        }
        response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(name).setDatatype(datatype).addAllShape(shape));
        response.addRawOutputContents(raw);
    }

    private static ByteString bytesElement(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + utf8.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(utf8.length).put(utf8).flip();
        return ByteString.copyFrom(buffer);
    }

    private static ByteString uint32(int value) {
        return ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip());
    }
}
