package dev.safegate.modelhost.transformers;

import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.Llm;
import dev.safegate.modelhost.gguf.SharedDir;
import dev.safegate.modelhost.gguf.TinyGgufWriter;
import dev.safegate.modelhost.gguf.TinyLlamaWeights;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transformers backend against llama.cpp (the GGUF backend) on the same tiny model (2 blocks, hidden 64, SmolLM2's
 * 49,152-token vocabulary), the same CPU threads, in one process, over the model host's real ModelStreamInfer path:
 * decode tokens/s with 1 and with 16 requests in flight, first-token latency, and the resident memory each model
 * added when it loaded. Greedy, 64 tokens per request, streamed. Usage: {@code TransformersBenchmark [threads]}.
 */
public final class TransformersBenchmark {
    private static final String PROMPT = "<|im_start|>user\nWrite a poem about the sea.<|im_end|>\n<|im_start|>assistant\n";
    private static final String SAMPLING = "{\"max_tokens\": 64, \"temperature\": 0}";

    private TransformersBenchmark() {
    }

    private record Run(double tokensPerSecond, double medianFirstTokenMs, long tokens) {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Optional<Path> shared = SharedDir.resolve("models/SmolLM2-135M-Instruct/tokenizer.json");
        if (shared.isEmpty()) {
            System.out.println("skipped: " + SharedDir.missingMessage("models/SmolLM2-135M-Instruct/tokenizer.json"));
            System.exit(0);
        }
        Path tokenizer = shared.get().getParent();
        Path folder = Files.createTempDirectory("transformers-bench");
        TinyLlamaWeights weights = TinyLlamaWeights.random(11, 49152, 0.08);
        TinyHfModel.write(folder.resolve("hf"), weights, "F32", "LlamaForCausalLM", tokenizer);
        TinyGgufWriter.write(tokenizer.resolve("tokenizer.json"), Files.readString(tokenizer.resolve("chat_template.jinja")),
                folder.resolve("tiny.gguf"), weights);
        long before = rssMiB();
        EmbeddedModelHost transformersHost = EmbeddedModelHost.start(List.of(ModelSpec.fromYaml("hf", """
                backend: transformers
                transformers: {path: "%s", context_size: 256, threads: %d, max_batch: 16}
                """.formatted(folder.resolve("hf"), threads))));
        long transformersMiB = rssMiB() - before;
        before = rssMiB();
        EmbeddedModelHost ggufHost = EmbeddedModelHost.start(List.of(ModelSpec.fromYaml("gguf", """
                backend: gguf
                gguf: {path: "%s", context_size: 256, threads: %d, parallel: 16}
                """.formatted(folder.resolve("tiny.gguf"), threads))));
        long ggufMiB = rssMiB() - before;
        ManagedChannel toTransformers = ManagedChannelBuilder.forTarget(transformersHost.target()).usePlaintext().build();
        ManagedChannel toGguf = ManagedChannelBuilder.forTarget(ggufHost.target()).usePlaintext().build();

        run(toTransformers, "hf", 1, 4); // warm-up
        run(toGguf, "gguf", 1, 4);
        Run hfOne = run(toTransformers, "hf", 1, 16);
        Run ggufOne = run(toGguf, "gguf", 1, 16);
        run(toTransformers, "hf", 16, 16);
        Run hfSixteen = run(toTransformers, "hf", 16, 48);
        Run ggufSixteen = run(toGguf, "gguf", 16, 32);

        System.out.printf(Locale.ROOT, "tiny Llama (2 blocks, hidden 64, vocab 49,152), %d CPU threads each, greedy, 64 tokens"
                + " per request, streamed%n", threads);
        System.out.printf(Locale.ROOT, "%-34s %14s %14s %8s%n", "case", "transformers", "llama.cpp", "ratio");
        row("decode tokens/s, 1 in flight", hfOne.tokensPerSecond, ggufOne.tokensPerSecond);
        row("decode tokens/s, 16 in flight", hfSixteen.tokensPerSecond, ggufSixteen.tokensPerSecond);
        row("first-token latency ms (1 in flight)", hfOne.medianFirstTokenMs, ggufOne.medianFirstTokenMs);
        row("first-token latency ms (16 in flight)", hfSixteen.medianFirstTokenMs, ggufSixteen.medianFirstTokenMs);
        row("resident memory added at load, MiB", transformersMiB, ggufMiB);
        System.out.printf(Locale.ROOT, "transformers 16-in-flight / own single-stream throughput: %.2fx (target >= 4)%n",
                hfSixteen.tokensPerSecond / hfOne.tokensPerSecond);
        System.out.printf(Locale.ROOT, "transformers / llama.cpp single-stream tokens/s: %.2f (target >= 0.5)%n",
                hfOne.tokensPerSecond / ggufOne.tokensPerSecond);
        System.exit(0); // llama.cpp leaves a non-daemon native thread behind
    }

    private static void row(String name, double transformers, double llamaCpp) {
        System.out.printf(Locale.ROOT, "%-34s %14.1f %14.1f %8.2f%n", name, transformers, llamaCpp, transformers / llamaCpp);
    }

    /** {@code requests} requests, {@code concurrency} in flight at a time (closed loop). */
    private static Run run(ManagedChannel channel, String model, int concurrency, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        AtomicLong tokens = new AtomicLong();
        List<Double> firstTokenMs = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String id = "r" + i;
            done.add(clients.submit(() -> {
                one(channel, model, id, tokens, firstTokenMs);
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        List<Double> sorted = new ArrayList<>(firstTokenMs);
        Collections.sort(sorted);
        return new Run(tokens.get() / seconds, sorted.get(sorted.size() / 2), tokens.get());
    }

    private static void one(ManagedChannel channel, String model, String id, AtomicLong tokens, List<Double> firstTokenMs)
            throws Exception {
        ModelInferRequest.Builder request = Llm.sampling(Llm.request(model, id, PROMPT), SAMPLING);
        Llm.bool(request, "stream", true);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long sent = System.nanoTime();
        StreamObserver<ModelInferRequest> out = GRPCInferenceServiceGrpc.newStub(channel).modelStreamInfer(
                new StreamObserver<>() {
                    private boolean first = true;

                    @Override
                    public void onNext(ModelStreamInferResponse response) {
                        if (!response.getErrorMessage().isEmpty()) {
                            finished.completeExceptionally(new IllegalStateException(response.getErrorMessage()));
                            return;
                        }
                        if (first) {
                            firstTokenMs.add((System.nanoTime() - sent) / 1e6);
                            first = false;
                        }
                        tokens.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable error) {
                        finished.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        finished.complete(null);
                    }
                });
        out.onNext(request.build());
        out.onCompleted();
        finished.get(120, TimeUnit.SECONDS);
    }

    private static long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
