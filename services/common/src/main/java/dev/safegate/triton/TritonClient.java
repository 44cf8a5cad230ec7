package dev.safegate.triton;

import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc.GRPCInferenceServiceStub;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelConfigRequest;
import dev.safegate.proto.inference.ModelConfigResponse;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelReadyRequest;
import dev.safegate.proto.inference.ModelReadyResponse;
import dev.safegate.proto.inference.RepositoryModelLoadRequest;
import dev.safegate.proto.inference.RepositoryModelLoadResponse;
import dev.safegate.proto.inference.RepositoryModelUnloadRequest;
import dev.safegate.proto.inference.RepositoryModelUnloadResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A KServe v2 (Triton) gRPC client for text generation, unary inference (image classifiers: see
 * {@link TritonImageClassifier}) and model lifecycle. Every call is asynchronous;
 * failures complete the future with a {@link TritonException}. Decoupled models are called over one shared
 * ModelStreamInfer stream, others with unary ModelInfer. Thread-safe; share one per server.
 */
public final class TritonClient implements AutoCloseable {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final ManagedChannel channel;
    private final GRPCInferenceServiceStub stub;
    private final ScheduledThreadPoolExecutor timer;
    private final InferStream stream;
    private final AtomicLong requestIds = new AtomicLong();

    public TritonClient(ManagedChannel channel) {
        this.channel = channel;
        this.stub = GRPCInferenceServiceGrpc.newStub(channel);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "triton-client-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.stream = new InferStream(stub, timer);
    }

    public static TritonClient connect(String host, int port) {
        return new TritonClient(ManagedChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build());
    }

    /** Generates text; the future fails with a {@link TritonException} (DEADLINE_EXCEEDED after {@code timeout}). */
    public CompletableFuture<TextResult> generate(TritonModel model, TextRequest request, Duration timeout) {
        ModelInferRequest inferRequest = model.ioProfile().encode(request, model.requestStats())
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setId("sg-" + requestIds.incrementAndGet())
                .putAllParameters(parameters(request.parameters()))
                .build();
        CompletableFuture<List<ModelInferResponse>> responses = model.decoupled()
                ? stream.send(inferRequest, timeout)
                : unary(inferRequest, timeout).thenApply(List::of);
        return responses.thenApply(list -> TextResponses.read(list, model));
    }

    /** One unary ModelInfer (a non-decoupled model, e.g. an image classifier's batch). */
    public CompletableFuture<ModelInferResponse> infer(ModelInferRequest request, Duration timeout) {
        return unary(request.toBuilder().setId("sg-" + requestIds.incrementAndGet()).build(), timeout);
    }

    /** ModelReady for a version ("" for the server's choice). */
    public CompletableFuture<Boolean> isModelReady(String name, String version, Duration timeout) {
        ModelReadyRequest request = ModelReadyRequest.newBuilder().setName(name).setVersion(version).build();
        return TritonClient.<ModelReadyResponse>call(observer -> withDeadline(timeout).modelReady(request, observer))
                .thenApply(ModelReadyResponse::getReady);
    }

    /** ModelConfig of a version ("" for the server's choice): LLM servers publish chat_template etc. as parameters. */
    public CompletableFuture<ModelConfig> modelConfig(String name, String version, Duration timeout) {
        ModelConfigRequest request = ModelConfigRequest.newBuilder().setName(name).setVersion(version).build();
        return TritonClient.<ModelConfigResponse>call(observer -> withDeadline(timeout).modelConfig(request, observer))
                .thenApply(ModelConfigResponse::getConfig);
    }

    /** RepositoryModelLoad: the server loads the model's versions that its version policy names. */
    public CompletableFuture<Void> loadModel(String name, Duration timeout) {
        RepositoryModelLoadRequest request = RepositoryModelLoadRequest.newBuilder().setModelName(name).build();
        return TritonClient.<RepositoryModelLoadResponse>call(
                observer -> withDeadline(timeout).repositoryModelLoad(request, observer)).thenApply(done -> null);
    }

    public CompletableFuture<Void> unloadModel(String name, Duration timeout) {
        RepositoryModelUnloadRequest request = RepositoryModelUnloadRequest.newBuilder().setModelName(name).build();
        return TritonClient.<RepositoryModelUnloadResponse>call(
                observer -> withDeadline(timeout).repositoryModelUnload(request, observer)).thenApply(done -> null);
    }

    @Override
    public void close() {
        stream.close();
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    private CompletableFuture<ModelInferResponse> unary(ModelInferRequest request, Duration timeout) {
        return TritonClient.<ModelInferResponse>call(observer -> withDeadline(timeout).modelInfer(request, observer));
    }

    private GRPCInferenceServiceStub withDeadline(Duration timeout) {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> invocation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        invocation.accept(new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(TritonException.from(error));
            }

            @Override
            public void onCompleted() {
                // the single response already completed the future
            }
        });
        return result;
    }

    private static Map<String, InferParameter> parameters(Map<String, Object> values) {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> parameter(entry.getKey(), entry.getValue())));
    }

    private static InferParameter parameter(String name, Object value) {
        InferParameter.Builder builder = InferParameter.newBuilder();
        return switch (value) {
            case Boolean flag -> builder.setBoolParam(flag).build();
            case Integer number -> builder.setInt64Param(number).build();
            case Long number -> builder.setInt64Param(number).build();
            case String text -> builder.setStringParam(text).build();
            // Triton's backends read floating-point request parameters from strings, not double_param.
            case Double number -> builder.setStringParam(number.toString()).build();
            default -> throw new IllegalArgumentException("unsupported request parameter " + name + " of type "
                    + value.getClass().getName());
        };
    }
}
