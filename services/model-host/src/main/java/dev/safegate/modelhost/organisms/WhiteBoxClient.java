package dev.safegate.modelhost.organisms;

import com.google.protobuf.ByteString;
import dev.safegate.modelhost.llm.LlmTensors;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.InferTensorContents;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Calls a white-box model over KServe v2 (ModelStreamInfer, as the inference worker does) with the contract's
 * request parameters, and reads the white-box outputs. Calls go out together on one stream, in chunks that fit the
 * model's request queue, so the model decodes them in one batch.
 */
public final class WhiteBoxClient {
    private static final int CHUNK = 64;
    private final Channel channel;

    public WhiteBoxClient(Channel channel) {
        this.channel = channel;
    }

    /**
     * One generation (or, with {@link #scoring}, one scoring) with white-box request parameters; token log-probs
     * are always asked for.
     *
     * @param temperature 0 for greedy decoding
     */
    public record Call(String model, String prompt, int maxTokens, double temperature, long seed,
            Map<String, InferParameter> parameters) {
        public Call {
            parameters = Map.copyOf(parameters);
        }

        public static Call greedy(String model, String prompt, int maxTokens) {
            return new Call(model, prompt, maxTokens, 0, 0, Map.of("return_token_logprobs", bool(true)));
        }

        /** The same call sampled at temperature 1 from a seed. */
        public Call sampled(long withSeed) {
            return new Call(model, prompt, maxTokens, 1, withSeed, parameters);
        }

        public Call exitAt(int layer) {
            return with("early_exit_layer", InferParameter.newBuilder().setInt64Param(layer).build());
        }

        /** Adds strength x vector after block {@code layer}. */
        public Call steering(int layer, double strength, float[] vector) {
            String values = java.util.stream.IntStream.range(0, vector.length).mapToObj(i -> Float.toString(vector[i]))
                    .collect(Collectors.joining(","));
            return with("steering", string("{\"layer\": " + layer + ", \"strength\": " + strength + ", \"vector\": ["
                    + values + "]}"));
        }

        public Call capture(int... layers) {
            return with("capture_layers", string(Arrays.toString(layers)));
        }

        /** Scores {@code continuation} after the prompt instead of generating. */
        public Call scoring(String continuation) {
            return with("score_continuation", string(continuation));
        }

        private Call with(String name, InferParameter value) {
            Map<String, InferParameter> more = new HashMap<>(parameters);
            more.put(name, value);
            return new Call(model, prompt, maxTokens, temperature, seed, more);
        }
    }

    /**
     * @param tokenLogprobs log p of each generated (or scored) token
     * @param activations the captured residuals, one row per captured layer, or none
     */
    public record Answer(String text, long[] promptTokens, long[] tokens, float[] tokenLogprobs,
            float[][] activations) {
    }

    public List<Answer> run(List<Call> calls) {
        List<Answer> answers = new ArrayList<>();
        for (int start = 0; start < calls.size(); start += CHUNK) {
            answers.addAll(chunk(calls.subList(start, Math.min(calls.size(), start + CHUNK))));
        }
        return answers;
    }

    private List<Answer> chunk(List<Call> calls) {
        Map<String, ModelInferResponse> finals = new HashMap<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ModelInferRequest> requests = GRPCInferenceServiceGrpc.newStub(channel).modelStreamInfer(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ModelStreamInferResponse response) {
                        if (!response.getErrorMessage().isEmpty()) {
                            done.completeExceptionally(new IllegalStateException("request "
                                    + response.getInferResponse().getId() + ": " + response.getErrorMessage()));
                            return;
                        }
                        ModelInferResponse inner = response.getInferResponse();
                        if (inner.getParametersOrDefault("triton_final_response", InferParameter.getDefaultInstance())
                                .getBoolParam()) {
                            synchronized (finals) {
                                finals.put(inner.getId(), inner);
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        for (int i = 0; i < calls.size(); i++) {
            requests.onNext(request(calls.get(i), String.valueOf(i)));
        }
        requests.onCompleted();
        try {
            done.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("white-box calls failed: " + e.getMessage(), e);
        }
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            ModelInferResponse response = finals.get(String.valueOf(i));
            if (response == null) {
                throw new IllegalStateException("no final response to request " + i);
            }
            answers.add(answer(response));
        }
        return answers;
    }

    private static ModelInferRequest request(Call call, String id) {
        String sampling = "{\"max_tokens\": " + call.maxTokens() + ", \"temperature\": " + call.temperature()
                + ", \"seed\": " + call.seed() + "}";
        return ModelInferRequest.newBuilder().setModelName(call.model()).setId(id)
                .addInputs(bytesInput(LlmTensors.TEXT_INPUT, call.prompt()))
                .addInputs(bytesInput(LlmTensors.SAMPLING_PARAMETERS, sampling))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(LlmTensors.EXCLUDE_INPUT_IN_OUTPUT)
                        .setDatatype("BOOL").addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBoolContents(true)))
                .putAllParameters(call.parameters())
                .build();
    }

    private static ModelInferRequest.InferInputTensor bytesInput(String name, String value) {
        return ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("BYTES").addShape(1)
                .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8(value)))
                .build();
    }

    private static Answer answer(ModelInferResponse response) {
        ByteBuffer text = raw(response, LlmTensors.TEXT_OUTPUT);
        byte[] bytes = new byte[text.getInt()];
        text.get(bytes);
        float[] flat = floats(raw(response, LlmTensors.ACTIVATIONS));
        float[][] activations = new float[0][];
        for (ModelInferResponse.InferOutputTensor output : response.getOutputsList()) {
            if (output.getName().equals(LlmTensors.ACTIVATIONS)) {
                int rows = (int) output.getShape(0);
                int columns = (int) output.getShape(1);
                activations = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    activations[r] = Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
                }
            }
        }
        ByteBuffer promptIds = raw(response, LlmTensors.PROMPT_TOKEN_IDS);
        ByteBuffer tokenIds = raw(response, LlmTensors.TOKEN_IDS);
        return new Answer(new String(bytes, StandardCharsets.UTF_8), longs(promptIds), longs(tokenIds),
                floats(raw(response, LlmTensors.TOKEN_LOGPROBS)), activations);
    }

    private static ByteBuffer raw(ModelInferResponse response, String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(name)) {
                return response.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return ByteBuffer.allocate(0);
    }

    private static long[] longs(ByteBuffer raw) {
        long[] values = new long[raw.remaining() / 8];
        raw.asLongBuffer().get(values);
        return values;
    }

    private static float[] floats(ByteBuffer raw) {
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        return values;
    }

    static InferParameter bool(boolean value) {
        return InferParameter.newBuilder().setBoolParam(value).build();
    }

    static InferParameter string(String value) {
        return InferParameter.newBuilder().setStringParam(value).build();
    }
}
