package dev.safegate.modelhost;

import com.google.protobuf.ByteString;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.InferTensorContents;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Builds raw KServe v2 requests for vLLM-style models and reads their responses, as a client sees them. */
public final class Llm {
    private Llm() {
    }

    /** A request with text_input as typed BYTES contents. */
    public static ModelInferRequest.Builder request(String model, String id, String prompt) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model).setId(id);
        return bytes(request, "text_input", prompt);
    }

    public static ModelInferRequest.Builder bytes(ModelInferRequest.Builder request, String name, String value) {
        return request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("BYTES")
                .addShape(1).setContents(InferTensorContents.newBuilder()
                        .addBytesContents(ByteString.copyFromUtf8(value))));
    }

    public static ModelInferRequest.Builder bool(ModelInferRequest.Builder request, String name, boolean value) {
        return request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("BOOL")
                .addShape(1).setContents(InferTensorContents.newBuilder().addBoolContents(value)));
    }

    public static ModelInferRequest.Builder sampling(ModelInferRequest.Builder request, String json) {
        return bytes(request, "sampling_parameters", json);
    }

    /** The same request with every input moved to raw_input_contents (BYTES: 4-byte LE length + bytes). */
    public static ModelInferRequest toRaw(ModelInferRequest typed) {
        ModelInferRequest.Builder raw = typed.toBuilder().clearInputs().clearRawInputContents();
        for (ModelInferRequest.InferInputTensor input : typed.getInputsList()) {
            raw.addInputs(input.toBuilder().clearContents());
            if (input.getDatatype().equals("BOOL")) {
                raw.addRawInputContents(ByteString.copyFrom(new byte[] {(byte) (input.getContents().getBoolContents(0) ? 1 : 0)}));
            } else {
                raw.addRawInputContents(lengthPrefixed(input.getContents().getBytesContents(0).toByteArray()));
            }
        }
        return raw.build();
    }

    public static ByteString lengthPrefixed(byte[] element) {
        return ByteString.copyFrom(ByteBuffer.allocate(4 + element.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(element.length).put(element).flip());
    }

    public static String text(ModelInferResponse response) {
        return bytesOutput(response, "text_output");
    }

    public static String bytesOutput(ModelInferResponse response, String name) {
        ByteBuffer raw = rawOutput(response, name);
        byte[] element = new byte[raw.getInt()];
        raw.get(element);
        return new String(element, StandardCharsets.UTF_8);
    }

    public static long uint32Output(ModelInferResponse response, String name) {
        return Integer.toUnsignedLong(rawOutput(response, name).getInt());
    }

    public static boolean hasOutput(ModelInferResponse response, String name) {
        return response.getOutputsList().stream().anyMatch(o -> o.getName().equals(name));
    }

    private static ByteBuffer rawOutput(ModelInferResponse response, String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(name)) {
                return response.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        throw new AssertionError("no output " + name + " in " + response);
    }

    public static boolean isFinal(ModelInferResponse response) {
        return response.getParametersMap().get("triton_final_response").getBoolParam();
    }

    /** Sends the requests on one ModelStreamInfer call, closes it, and returns every response received. */
    public static List<ModelStreamInferResponse> stream(ManagedChannel channel, List<ModelInferRequest> requests)
            throws Exception {
        List<ModelStreamInferResponse> responses = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ModelInferRequest> out = GRPCInferenceServiceGrpc.newStub(channel).modelStreamInfer(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ModelStreamInferResponse response) {
                        synchronized (responses) {
                            responses.add(response);
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
        requests.forEach(out::onNext);
        out.onCompleted();
        done.get(60, TimeUnit.SECONDS);
        synchronized (responses) {
            return List.copyOf(responses);
        }
    }

    /** The responses of one request id, in arrival order (none may be an error). */
    public static List<ModelInferResponse> of(List<ModelStreamInferResponse> responses, String id) {
        return responses.stream().map(r -> {
            if (!r.getErrorMessage().isEmpty()) {
                throw new AssertionError("error for " + r.getInferResponse().getId() + ": " + r.getErrorMessage());
            }
            return r.getInferResponse();
        }).filter(r -> r.getId().equals(id)).toList();
    }

    /** The whole text of a streamed request: its responses' text_output, joined. */
    public static String joined(List<ModelInferResponse> responses) {
        return String.join("", responses.stream().map(Llm::text).toList());
    }
}
