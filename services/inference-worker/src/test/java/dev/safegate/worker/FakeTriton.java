package dev.safegate.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelConfigRequest;
import dev.safegate.proto.inference.ModelConfigResponse;
import dev.safegate.proto.inference.ModelParameter;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelReadyRequest;
import dev.safegate.proto.inference.ModelReadyResponse;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import dev.safegate.proto.inference.RepositoryModelLoadRequest;
import dev.safegate.proto.inference.RepositoryModelLoadResponse;
import dev.safegate.proto.inference.RepositoryModelUnloadRequest;
import dev.safegate.proto.inference.RepositoryModelUnloadResponse;
import dev.safegate.triton.IoProfile;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal KServe v2 server for tests: it checks each request against the I/O profile its model declares
 * (as Triton rejects an unexpected or missing input), answers deterministically ("answer-" and a hash of
 * the prompt, split over two streamed responses plus an empty final one for decoupled models), and can be
 * told to fail, to hold requests, to be slow, or to have a model unloaded. Requests for models it does not
 * declare go to another server when one is set ({@link #forwardOtherModelsTo}), so that one worker can be
 * tested against both this fake and the real model host.
 */
final class FakeTriton extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    static final String HOLD = "HOLD";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Model(String name, IoProfile profile, boolean decoupled, boolean stats) {
    }

    /** One request as the model saw it: prompt, sampling (JSON or typed inputs), request parameters. */
    record Received(String model, String version, String prompt, Map<String, Object> inputs,
            Map<String, InferParameter> parameters) {
    }

    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Status> failureStatus = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> loads = new CopyOnWriteArrayList<>();
    final List<String> unloads = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(2);
    private volatile long latencyMs;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();
    private Server server;
    private ManagedChannel upstreamChannel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceStub upstream;

    FakeTriton model(String name, IoProfile profile, boolean decoupled, boolean stats) {
        models.put(name, new Model(name, profile, decoupled, stats));
        ready.add(name);
        return this;
    }

    /** Known to the repository but not loaded (explicit model control). */
    FakeTriton unloadedModel(String name, IoProfile profile) {
        models.put(name, new Model(name, profile, true, false));
        return this;
    }

    /** Every request for a model this fake does not declare goes to the server at {@code target} (host:port). */
    FakeTriton forwardOtherModelsTo(String target) {
        upstreamChannel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        upstream = GRPCInferenceServiceGrpc.newStub(upstreamChannel);
        return this;
    }

    int start() throws IOException {
        server = NettyServerBuilder.forPort(0).addService(this).build().start();
        return server.getPort();
    }

    void stop() {
        server.shutdownNow();
        delays.shutdownNow();
        if (upstreamChannel != null) {
            upstreamChannel.shutdownNow();
        }
    }

    /** The next {@code count} inference requests for the model fail with {@code status}. */
    void failNext(String model, Status status, int count) {
        failureStatus.put(model, status);
        failuresLeft.put(model, new AtomicInteger(count));
    }

    void latency(long millis) {
        latencyMs = millis;
    }

    /** Requests whose prompt contains {@link #HOLD} wait until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    int held() {
        return held.get();
    }

    boolean isReady(String model) {
        return ready.contains(model);
    }

    List<Received> receivedFor(String marker) {
        return received.stream().filter(r -> r.prompt().contains(marker)).toList();
    }

    static String answer(String prompt) {
        return "answer-" + Integer.toHexString(prompt.hashCode());
    }

    /** A plain ChatML template, published as vLLM-style models on SafeGate's model host publish theirs. */
    static final String CHATML = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
    /** Models with this name prefix publish no chat template. */
    static final String NO_TEMPLATE = "notemplate";
    /** Models with this name prefix declare the white-box parameters early_exit_layer and steering. */
    static final String WHITE_BOX = "whitebox";

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> observer) {
        if (forwarded(request.getName())) {
            upstream.modelConfig(request, observer);
            return;
        }
        if (!models.containsKey(request.getName())) {
            observer.onError(Status.NOT_FOUND.withDescription("Request for unknown model: '" + request.getName()
                    + "' is not found").asRuntimeException());
            return;
        }
        ModelConfig.Builder config = ModelConfig.newBuilder().setName(request.getName());
        if (!request.getName().startsWith(NO_TEMPLATE)) {
            config.putParameters("chat_template", ModelParameter.newBuilder().setStringValue(CHATML).build());
        }
        if (request.getName().startsWith(WHITE_BOX)) {
            config.putParameters("supported_request_parameters",
                    ModelParameter.newBuilder().setStringValue("early_exit_layer, steering").build());
        }
        observer.onNext(ModelConfigResponse.newBuilder().setConfig(config).build());
        observer.onCompleted();
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> observer) {
        if (forwarded(request.getName())) {
            upstream.modelReady(request, observer);
            return;
        }
        if (!models.containsKey(request.getName())) {
            observer.onError(Status.NOT_FOUND.withDescription("Request for unknown model: '" + request.getName()
                    + "' is not found").asRuntimeException());
            return;
        }
        observer.onNext(ModelReadyResponse.newBuilder().setReady(ready.contains(request.getName())).build());
        observer.onCompleted();
    }

    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request,
            StreamObserver<RepositoryModelLoadResponse> observer) {
        if (forwarded(request.getModelName())) {
            upstream.repositoryModelLoad(request, observer);
            return;
        }
        loads.add(request.getModelName());
        ready.add(request.getModelName());
        observer.onNext(RepositoryModelLoadResponse.getDefaultInstance());
        observer.onCompleted();
    }

    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
            StreamObserver<RepositoryModelUnloadResponse> observer) {
        if (forwarded(request.getModelName())) {
            upstream.repositoryModelUnload(request, observer);
            return;
        }
        unloads.add(request.getModelName());
        ready.remove(request.getModelName());
        observer.onNext(RepositoryModelUnloadResponse.getDefaultInstance());
        observer.onCompleted();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
        if (forwarded(request.getModelName())) {
            upstream.modelInfer(request, observer);
            return;
        }
        try {
            Model model = check(request, false);
            Received seen = record(request, model);
            later(seen, () -> {
                observer.onNext(respond(request, model, seen.prompt(), answer(seen.prompt())));
                observer.onCompleted();
            });
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        }
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> observer) {
        return new StreamObserver<>() {
            private StreamObserver<ModelInferRequest> forwardedRequests;
            private boolean ended; // the response stream was closed

            @Override
            public void onNext(ModelInferRequest request) {
                if (forwarded(request.getModelName())) {
                    forward(request);
                    return;
                }
                Model model;
                Received seen;
                try {
                    model = check(request, true);
                    seen = record(request, model);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
                            || e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                        send(ModelStreamInferResponse.newBuilder().setErrorMessage(e.getStatus().getDescription())
                                .setInferResponse(ModelInferResponse.newBuilder().setId(request.getId())).build());
                    } else {
                        synchronized (observer) {
                            ended = true;
                            observer.onError(e); // a failing server ends the whole stream
                        }
                    }
                    return;
                }
                later(seen, () -> {
                    String text = answer(seen.prompt());
                    int half = text.length() / 2;
                    send(ModelStreamInferResponse.newBuilder()
                            .setInferResponse(respond(request, model, seen.prompt(), text.substring(0, half))).build());
                    send(ModelStreamInferResponse.newBuilder()
                            .setInferResponse(respond(request, model, seen.prompt(), text.substring(half))).build());
                    send(ModelStreamInferResponse.newBuilder().setInferResponse(ModelInferResponse.newBuilder()
                            .setId(request.getId()).setModelName(model.name())
                            .putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(true).build()))
                            .build());
                });
            }

            private void send(ModelStreamInferResponse response) {
                synchronized (observer) {
                    if (!ended) {
                        observer.onNext(response);
                    }
                }
            }

            /** gRPC calls onNext and onCompleted one at a time, so the forwarded stream needs no lock. */
            private void forward(ModelInferRequest request) {
                if (forwardedRequests == null) {
                    forwardedRequests = upstream.modelStreamInfer(new StreamObserver<>() {
                        @Override
                        public void onNext(ModelStreamInferResponse response) {
                            send(response);
                        }

                        @Override
                        public void onError(Throwable error) {
                            synchronized (observer) {
                                if (!ended) {
                                    ended = true;
                                    observer.onError(error);
                                }
                            }
                        }

                        @Override
                        public void onCompleted() {
                            // the client's stream ends when the client ends it
                        }
                    });
                }
                forwardedRequests.onNext(request);
            }

            @Override
            public void onError(Throwable error) {
                // the client went away
                synchronized (observer) {
                    ended = true;
                }
                if (forwardedRequests != null) {
                    forwardedRequests.onError(error);
                }
            }

            @Override
            public void onCompleted() {
                if (forwardedRequests != null) {
                    forwardedRequests.onCompleted();
                }
                synchronized (observer) {
                    if (!ended) {
                        ended = true;
                        observer.onCompleted();
                    }
                }
            }
        };
    }

    private void later(Received seen, Runnable respond) {
        Runnable task = respond;
        if (seen.prompt().contains(HOLD)) {
            CountDownLatch current = gate;
            held.incrementAndGet();
            task = () -> {
                try {
                    current.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond.run();
            };
            Thread.ofVirtual().start(task);
        } else if (latencyMs > 0) {
            delays.schedule(task, latencyMs, TimeUnit.MILLISECONDS);
        } else {
            task.run();
        }
    }

    private boolean forwarded(String model) {
        return upstream != null && !models.containsKey(model);
    }

    private Model check(ModelInferRequest request, boolean stream) {
        Model model = models.get(request.getModelName());
        if (model == null || !ready.contains(model.name())) {
            throw Status.NOT_FOUND.withDescription("Request for unknown model: '" + request.getModelName()
                    + "' is not found").asRuntimeException();
        }
        if (model.decoupled() != stream) {
            throw Status.INVALID_ARGUMENT.withDescription(model.decoupled()
                    ? "ModelInfer RPC doesn't support models with decoupled transaction policy"
                    : "this fake only streams to decoupled models").asRuntimeException();
        }
        AtomicInteger left = failuresLeft.get(model.name());
        if (left != null && left.getAndDecrement() > 0) {
            throw failureStatus.get(model.name()).withDescription("injected failure").asRuntimeException();
        }
        return model;
    }

    private Received record(ModelInferRequest request, Model model) {
        Map<String, Object> inputs = new HashMap<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            var input = request.getInputs(i);
            List<Long> expectedShape = model.profile() == IoProfile.VLLM ? List.of(1L) : List.of(1L, 1L);
            if (!input.getShapeList().equals(expectedShape)) {
                throw invalid("input " + input.getName() + " has shape " + input.getShapeList());
            }
            inputs.put(input.getName(), decode(input.getDatatype(), request.getRawInputContents(i)));
        }
        Set<String> allowed = switch (model.profile()) {
            case VLLM -> model.stats()
                    ? Set.of("text_input", "sampling_parameters", "stream", "exclude_input_in_output",
                            "return_finish_reason", "return_num_input_tokens", "return_num_output_tokens")
                    : Set.of("text_input", "sampling_parameters", "stream", "exclude_input_in_output");
            case TRTLLM_ENSEMBLE -> Set.of("text_input", "max_tokens", "temperature", "top_p", "top_k", "random_seed",
                    "stream", "exclude_input_in_output");
        };
        for (String name : inputs.keySet()) {
            if (!allowed.contains(name)) {
                throw invalid("unexpected inference input '" + name + "' for model '" + model.name() + "'");
            }
        }
        if (!Boolean.TRUE.equals(inputs.get("exclude_input_in_output"))) {
            throw invalid("exclude_input_in_output must be true");
        }
        boolean hasMaxTokens = model.profile() == IoProfile.VLLM
                ? ((JsonNode) inputs.get("sampling_parameters")).has("max_tokens")
                : inputs.containsKey("max_tokens");
        if (!hasMaxTokens) {
            throw invalid("max_tokens missing");
        }
        Received seen = new Received(model.name(), request.getModelVersion(), (String) inputs.get("text_input"), inputs,
                request.getParametersMap());
        received.add(seen);
        return seen;
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static Object decode(String datatype, ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (datatype) {
            case "BYTES" -> {
                byte[] bytes = new byte[buffer.getInt()];
                buffer.get(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8);
                yield text.startsWith("{") ? readJson(text) : text;
            }
            case "BOOL" -> buffer.get() != 0;
            case "INT32" -> buffer.getInt();
            case "FP32" -> buffer.getFloat();
            case "UINT64" -> buffer.getLong();
            default -> throw invalid("unexpected datatype " + datatype);
        };
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw invalid("sampling_parameters is not JSON");
        }
    }

    private static ModelInferResponse respond(ModelInferRequest request, Model model, String prompt, String text) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setId(request.getId())
                .setModelName(model.name())
                .setModelVersion(request.getModelVersion().isEmpty() ? "1" : request.getModelVersion());
        List<Long> shape = model.profile() == IoProfile.VLLM ? List.of(1L) : List.of(1L, 1L);
        addOutput(response, "text_output", "BYTES", shape, bytes(text));
        if (model.stats()) {
            addOutput(response, "finish_reason", "BYTES", shape, bytes("stop"));
            addOutput(response, "num_input_tokens", "UINT32", shape, uint32(words(prompt)));
            addOutput(response, "num_output_tokens", "UINT32", shape, uint32(1));
        }
        return response.build();
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private static void addOutput(ModelInferResponse.Builder response, String name, String datatype, List<Long> shape,
            ByteString raw) {
        response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(name).setDatatype(datatype)
                .addAllShape(shape));
        response.addRawOutputContents(raw);
    }

    private static ByteString bytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteString.copyFrom(ByteBuffer.allocate(4 + bytes.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(bytes.length).put(bytes).flip());
    }

    private static ByteString uint32(int value) {
        return ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip());
    }
}
