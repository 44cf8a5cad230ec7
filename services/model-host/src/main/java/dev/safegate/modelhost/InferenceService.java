package dev.safegate.modelhost;

import dev.safegate.modelhost.image.SyntheticImageBackend;
import dev.safegate.modelhost.llm.LlmBackend.Generation;
import dev.safegate.modelhost.llm.LlmRequest;
import dev.safegate.modelhost.llm.LlmResponder;
import dev.safegate.modelhost.llm.LlmTensors;
import dev.safegate.modelhost.repository.LoadedModel;
import dev.safegate.modelhost.repository.ModelRepository;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.ModelConfigRequest;
import dev.safegate.proto.inference.ModelConfigResponse;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelMetadataRequest;
import dev.safegate.proto.inference.ModelMetadataResponse;
import dev.safegate.proto.inference.ModelReadyRequest;
import dev.safegate.proto.inference.ModelReadyResponse;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import dev.safegate.proto.inference.RepositoryIndexRequest;
import dev.safegate.proto.inference.RepositoryIndexResponse;
import dev.safegate.proto.inference.RepositoryModelLoadRequest;
import dev.safegate.proto.inference.RepositoryModelLoadResponse;
import dev.safegate.proto.inference.RepositoryModelUnloadRequest;
import dev.safegate.proto.inference.RepositoryModelUnloadResponse;
import dev.safegate.proto.inference.ServerLiveRequest;
import dev.safegate.proto.inference.ServerLiveResponse;
import dev.safegate.proto.inference.ServerMetadataRequest;
import dev.safegate.proto.inference.ServerMetadataResponse;
import dev.safegate.proto.inference.ServerReadyRequest;
import dev.safegate.proto.inference.ServerReadyResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The KServe v2 / Triton gRPC inference service over a {@link ModelRepository}. A plain grpc-java servicer: no
 * CDI is needed to build it, so any test can serve it from an {@code io.grpc.Server}. No method blocks its
 * calling thread for the length of a generation.
 */
public class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    public static final String SERVER_NAME = "safegate-model-host";
    private static final List<String> EXTENSIONS = List.of("model_repository", "model_configuration", "parameters");

    private final ModelRepository repository;
    private final RequestObserver observer;

    public InferenceService(ModelRepository repository) {
        this(repository, RequestObserver.NONE);
    }

    public InferenceService(ModelRepository repository, RequestObserver observer) {
        this.repository = repository;
        this.observer = observer;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
        reply(response, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
        reply(response, ServerReadyResponse.newBuilder().setReady(repository.allLoadsSucceeded()).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> response) {
        String version = InferenceService.class.getPackage().getImplementationVersion();
        reply(response, ServerMetadataResponse.newBuilder().setName(SERVER_NAME)
                .setVersion(version == null ? "dev" : version).addAllExtensions(EXTENSIONS).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
        // Like Triton: an unknown or unloaded model is "not ready", not an error.
        reply(response, ModelReadyResponse.newBuilder()
                .setReady(repository.isReady(request.getName(), request.getVersion())).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
        try {
            LoadedModel model = repository.resolve(request.getName(), request.getVersion());
            ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder()
                    .setName(model.name())
                    .addAllVersions(repository.loadedVersions(model.name()))
                    .setPlatform(model.backend().backendName());
            model.config().getInputList().forEach(input -> metadata.addInputs(ModelMetadataResponse.TensorMetadata
                    .newBuilder().setName(input.getName()).setDatatype(LlmTensors.wireName(input.getDataType()))
                    .addAllShape(input.getDimsList())));
            model.config().getOutputList().forEach(output -> metadata.addOutputs(ModelMetadataResponse.TensorMetadata
                    .newBuilder().setName(output.getName()).setDatatype(LlmTensors.wireName(output.getDataType()))
                    .addAllShape(output.getDimsList())));
            reply(response, metadata.build());
        } catch (TritonError e) {
            response.onError(e.toStatusException());
        }
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> response) {
        try {
            LoadedModel model = repository.resolve(request.getName(), request.getVersion());
            reply(response, ModelConfigResponse.newBuilder().setConfig(model.config()).build());
        } catch (TritonError e) {
            response.onError(e.toStatusException());
        }
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
        LoadedModel model;
        LlmRequest llmRequest;
        try {
            model = repository.resolve(request.getModelName(), request.getModelVersion());
            if (model.decoupled()) {
                throw TritonError.decoupledOnModelInfer();
            }
            if (model.backend() instanceof SyntheticImageBackend image) {
                classify(model, image, request, response);
                return;
            }
            llmRequest = LlmRequest.parse(request, model.llm().whiteBoxParameters());
        } catch (TritonError e) {
            response.onError(e.toStatusException());
            return;
        }
        observer.started(model.name());
        LlmResponder.Listener listener = new LlmResponder.Listener() {
            @Override
            public void response(ModelInferResponse inferResponse, boolean last) {
                observer.finished(model.name());
                response.onNext(inferResponse);
                response.onCompleted();
            }

            @Override
            public void error(TritonError error) {
                observer.finished(model.name());
                response.onError(error.toStatusException());
            }
        };
        LlmResponder responder = new LlmResponder(model.name(), model.version(), false, llmRequest, listener);
        try {
            Generation generation = model.llm().generate(llmRequest, responder);
            ((ServerCallStreamObserver<ModelInferResponse>) response).setOnCancelHandler(generation::cancel);
        } catch (TritonError e) {
            listener.error(e);
        }
    }

    /** An image classifier's batch: one response, as a non-decoupled Triton model answers ModelInfer. */
    private void classify(LoadedModel model, SyntheticImageBackend image, ModelInferRequest request,
                          StreamObserver<ModelInferResponse> response) {
        observer.started(model.name());
        image.infer(model.name(), model.version(), request).whenComplete((answer, error) -> {
            observer.finished(model.name());
            if (error != null) {
                response.onError(error instanceof TritonError triton ? triton.toStatusException()
                        : TritonError.internal(error.getMessage()).toStatusException());
            } else {
                response.onNext(answer);
                response.onCompleted();
            }
        });
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> responses) {
        return new InferStream((ServerCallStreamObserver<ModelStreamInferResponse>) responses);
    }

    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> response) {
        reply(response, RepositoryIndexResponse.newBuilder().addAllModels(repository.index(request.getReady())).build());
    }

    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request,
            StreamObserver<RepositoryModelLoadResponse> response) {
        try {
            repository.load(request.getModelName());
            reply(response, RepositoryModelLoadResponse.getDefaultInstance());
        } catch (TritonError e) {
            response.onError(e.toStatusException());
        }
    }

    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
            StreamObserver<RepositoryModelUnloadResponse> response) {
        try {
            repository.unload(request.getModelName());
            reply(response, RepositoryModelUnloadResponse.getDefaultInstance());
        } catch (TritonError e) {
            response.onError(e.toStatusException());
        }
    }

    private static <T> void reply(StreamObserver<T> response, T message) {
        response.onNext(message);
        response.onCompleted();
    }

    /**
     * One ModelStreamInfer call: any number of requests, answered in any order as their responses are ready. An
     * error with one request is sent as that request's response (error_message, with the request's id) and the
     * stream goes on, as in Triton. The server closes the stream once the client has closed its side and every
     * request has had its last response; if the client cancels, running generations are cancelled.
     */
    private final class InferStream implements StreamObserver<ModelInferRequest> {
        private final ServerCallStreamObserver<ModelStreamInferResponse> out;
        /** Requests without their last response, plus one while the client's side is open. */
        private final AtomicInteger open = new AtomicInteger(1);
        private final Set<Call> running = ConcurrentHashMap.newKeySet();

        InferStream(ServerCallStreamObserver<ModelStreamInferResponse> out) {
            this.out = out;
            out.setOnCancelHandler(this::cancelAll);
        }

        @Override
        public void onNext(ModelInferRequest request) {
            open.incrementAndGet();
            LoadedModel model;
            LlmRequest llmRequest;
            try {
                model = repository.resolve(request.getModelName(), request.getModelVersion());
                llmRequest = LlmRequest.parse(request, model.llm().whiteBoxParameters());
            } catch (TritonError e) {
                sendError(request.getId(), e);
                closeOne();
                return;
            }
            observer.started(model.name());
            Call call = new Call(model.name(), request.getId());
            running.add(call);
            LlmResponder responder = new LlmResponder(model.name(), model.version(), model.decoupled(), llmRequest, call);
            try {
                call.generation = model.llm().generate(llmRequest, responder);
            } catch (TritonError e) {
                call.error(e);
            }
        }

        @Override
        public void onError(Throwable error) {
            cancelAll();
        }

        @Override
        public void onCompleted() {
            closeOne();
        }

        private void cancelAll() {
            running.forEach(Call::cancel);
        }

        private void send(ModelStreamInferResponse response) {
            synchronized (out) {
                out.onNext(response);
            }
        }

        private void sendError(String id, TritonError error) {
            // Triton puts the request's id in the error's infer_response so the client knows which request failed.
            send(ModelStreamInferResponse.newBuilder().setErrorMessage(error.getMessage())
                    .setInferResponse(ModelInferResponse.newBuilder().setId(id)).build());
        }

        private void closeOne() {
            if (open.decrementAndGet() == 0) {
                synchronized (out) {
                    out.onCompleted();
                }
            }
        }

        /** One request of the stream, from its start to its last response. */
        private final class Call implements LlmResponder.Listener {
            private final String model;
            private final String id;
            private volatile Generation generation;

            Call(String model, String id) {
                this.model = model;
                this.id = id;
            }

            @Override
            public void response(ModelInferResponse response, boolean last) {
                send(ModelStreamInferResponse.newBuilder().setInferResponse(response).build());
                if (last) {
                    done();
                }
            }

            @Override
            public void error(TritonError error) {
                sendError(id, error);
                done();
            }

            void cancel() {
                Generation current = generation;
                if (current != null) {
                    current.cancel();
                }
            }

            private void done() {
                running.remove(this);
                observer.finished(model);
                closeOne();
            }
        }
    }
}
