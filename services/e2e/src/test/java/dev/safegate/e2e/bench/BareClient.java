package dev.safegate.e2e.bench;

import com.google.protobuf.ByteString;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferRequest.InferInputTensor;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reference the pipeline is compared with: a bare KServe v2 client keeping {@code concurrency} requests in
 * flight on one ModelStreamInfer stream (as Triton's own clients call decoupled models), sending the already
 * rendered prompts with the same vLLM inputs the worker sends. Written on the generated stubs because the
 * project's TritonClient (services/common) is not on the end-to-end module's classpath; it does less work per
 * request than TritonClient, so the ratio it gives is if anything conservative.
 */
final class BareClient implements AutoCloseable {
    private static final String FINAL_RESPONSE = "triton_final_response";

    private final ManagedChannel channel;

    BareClient(String target) {
        channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }

    /** Seconds from the first send to the last final response, and the mean time from a send to its final response. */
    record Result(double seconds, double meanLatencyMillis) {
    }

    /** Sends {@code requests} requests (prompts in turn) to {@code model}, {@code concurrency} at a time. */
    Result run(String model, List<String> prompts, int requests, int concurrency) throws InterruptedException {
        List<ModelInferRequest> templates = prompts.stream().map(prompt -> request(model, prompt)).toList();
        AtomicLongArray sentNanos = new AtomicLongArray(requests);
        LongAdder latencyNanos = new LongAdder();
        Semaphore slots = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(requests);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> streamError = new AtomicReference<>();
        StreamObserver<ModelStreamInferResponse> responses = new StreamObserver<>() {
            @Override
            public void onNext(ModelStreamInferResponse response) {
                InferParameter last = response.getInferResponse().getParametersMap().get(FINAL_RESPONSE);
                boolean error = !response.getErrorMessage().isEmpty();
                if (error || last != null && last.getBoolParam()) {
                    if (error) {
                        failed.incrementAndGet();
                    } else {
                        int id = Integer.parseInt(response.getInferResponse().getId());
                        latencyNanos.add(System.nanoTime() - sentNanos.get(id));
                    }
                    slots.release();
                    done.countDown();
                }
            }

            @Override
            public void onError(Throwable error) {
                streamError.set(error);
                while (done.getCount() > 0) {
                    done.countDown();
                }
            }

            @Override
            public void onCompleted() {
            }
        };
        StreamObserver<ModelInferRequest> stream = GRPCInferenceServiceGrpc.newStub(channel).modelStreamInfer(responses);
        long start = System.nanoTime();
        for (int i = 0; i < requests && streamError.get() == null; i++) {
            slots.acquire();
            sentNanos.set(i, System.nanoTime());
            stream.onNext(templates.get(i % templates.size()).toBuilder().setId(Integer.toString(i)).build());
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(done.getCount() + " bare requests unanswered");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stream.onCompleted();
        if (streamError.get() != null || failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " bare requests failed", streamError.get());
        }
        return new Result(seconds, latencyNanos.sum() / 1e6 / requests);
    }

    /** The inputs of Triton's vLLM backend, as the worker sends them (raw contents, no batch dimension). */
    private static ModelInferRequest request(String model, String prompt) {
        String sampling = "{\"max_tokens\":" + BenchStack.MAX_TOKENS + ",\"temperature\":0.7,\"top_p\":1.0,\"seed\":1}";
        ModelInferRequest.Builder builder = ModelInferRequest.newBuilder().setModelName(model).setModelVersion("");
        input(builder, "text_input", "BYTES", bytes(prompt));
        input(builder, "sampling_parameters", "BYTES", bytes(sampling));
        input(builder, "stream", "BOOL", ByteString.copyFrom(new byte[] {0}));
        input(builder, "exclude_input_in_output", "BOOL", ByteString.copyFrom(new byte[] {1}));
        return builder.build();
    }

    private static void input(ModelInferRequest.Builder builder, String name, String datatype, ByteString raw) {
        builder.addInputs(InferInputTensor.newBuilder().setName(name).setDatatype(datatype).addShape(1));
        builder.addRawInputContents(raw);
    }

    /** A BYTES element: 4-byte little-endian length, then the UTF-8 bytes. */
    private static ByteString bytes(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return ByteString.copyFrom(ByteBuffer.allocate(4 + utf8.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(utf8.length).put(utf8).flip());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
