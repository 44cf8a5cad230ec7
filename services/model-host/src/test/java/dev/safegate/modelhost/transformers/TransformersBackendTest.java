package dev.safegate.modelhost.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.Llm;
import dev.safegate.modelhost.gguf.SharedDir;
import dev.safegate.modelhost.gguf.TinyGgufWriter;
import dev.safegate.modelhost.gguf.TinyLlamaWeights;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelConfigRequest;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelStreamInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformers backend on a tiny random Llama model written by the test in Hugging Face layout, with SmolLM2's
 * real tokenizer. Generation is compared with llama.cpp on the same weights written as GGUF (an independent
 * implementation), and every number of the white-box contract with {@link ReferenceLlama} (transformers' model
 * definition in plain double-precision Java).
 */
class TransformersBackendTest {
    private static final String MODEL = "models/SmolLM2-135M-Instruct";
    private static final String PROMPT = "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n";
    private static final List<String> PROMPTS = List.of(PROMPT,
            "<|im_start|>user\nWrite a poem about the sea.<|im_end|>\n<|im_start|>assistant\n",
            "The capital of France is", "1, 2, 3, 4,");
    private static final String GREEDY = "{\"max_tokens\": 8, \"temperature\": 0}";
    private static final double TOLERANCE = 2e-3;
    /** Caps small enough that the tiny model's scores and logits reach tanh's curve. */
    private static final ReferenceLlama.Gemma2 GEMMA2 = new ReferenceLlama.Gemma2(24, 2.0, 1.5);

    @TempDir
    static Path folder;
    private static TinyLlamaWeights weights;
    private static ReferenceLlama reference;
    private static EmbeddedModelHost host;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> shared = SharedDir.resolve(MODEL + "/tokenizer.json");
        Assumptions.assumeTrue(shared.isPresent(), SharedDir.missingMessage(MODEL + "/tokenizer.json"));
        Path tokenizer = shared.get().getParent();
        weights = TinyLlamaWeights.random(11, 49152, 0.08);
        reference = new ReferenceLlama(weights);
        TinyHfModel.write(folder.resolve("hf"), weights, "F32", "LlamaForCausalLM", tokenizer);
        TinyGgufWriter.write(tokenizer.resolve("tokenizer.json"), Files.readString(tokenizer.resolve("chat_template.jinja")),
                folder.resolve("tiny.gguf"), weights);
        TinyHfModel.write(folder.resolve("bf16"), weights, "BF16", "LlamaForCausalLM", tokenizer);
        TinyHfModel.write(folder.resolve("f16"), weights, "F16", "LlamaForCausalLM", tokenizer);
        TinyHfModel.write(folder.resolve("qwen2"), weights.withAttentionBiases(5, 0.1), "F32", "Qwen2ForCausalLM",
                tokenizer);
        Path gemma2 = TinyHfModel.write(folder.resolve("gemma2"), weights.withGemma2Norms(9), "F32", "Gemma2ForCausalLM",
                tokenizer);
        Files.writeString(gemma2.resolve("config.json"), TinyHfModel.config(weights, "Gemma2ForCausalLM")
                .put("query_pre_attn_scalar", GEMMA2.queryPreAttentionScalar())
                .put("attn_logit_softcapping", GEMMA2.attentionSoftcap())
                .put("final_logit_softcapping", GEMMA2.finalSoftcap())
                .put("hidden_activation", "gelu_pytorch_tanh").put("sliding_window", 4096).toString());
        host = EmbeddedModelHost.start(List.of(
                transformers("tiny-gemma2", gemma2),
                transformers("tiny", folder.resolve("hf")),
                transformers("tiny-bf16", folder.resolve("bf16")),
                transformers("tiny-f16", folder.resolve("f16")),
                transformers("tiny-qwen2", folder.resolve("qwen2")),
                ModelSpec.fromYaml("tiny-gguf", """
                        backend: gguf
                        gguf: {path: "%s", context_size: 256, threads: 2}
                        """.formatted(folder.resolve("tiny.gguf")))));
        channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
    }

    static ModelSpec transformers(String name, Path path) {
        return ModelSpec.fromYaml(name, """
                backend: transformers
                transformers: {path: "%s", context_size: 256, threads: 2}
                """.formatted(path));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (host != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            host.close();
        }
    }

    @Test
    void greedyTextEqualsLlamaCppOnTheSameWeights() throws Exception {
        for (String prompt : PROMPTS) {
            String sampling = "{\"max_tokens\": 12, \"temperature\": 0}";
            assertEquals(generate("tiny-gguf", prompt, sampling, Map.of()).text(),
                    generate("tiny", prompt, sampling, Map.of()).text(), prompt);
        }
    }

    @Test
    void greedyTokensAndLogprobsEqualTheReference() throws Exception {
        Result result = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        // SmolLM2's tokenization of the prompt, special tokens whole (as llama.cpp counts it in GgufGenerationTest).
        assertEquals(10, result.promptIds().length);
        assertEquals(8, result.tokenIds().length);
        expectReference(reference, result, TinyLlamaWeights.LAYERS, -1, null);
    }

    @Test
    void earlyExitAtTheLastLayerIsPlainDecodingAndEarlierLayersAreTheLogitLens() throws Exception {
        Result plain = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        Result last = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true),
                "early_exit_layer", int64(TinyLlamaWeights.LAYERS)));
        assertArrayEquals(plain.tokenIds(), last.tokenIds());
        assertArrayEquals(plain.logprobs(), last.logprobs());
        Result first = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true),
                "early_exit_layer", int64(1)));
        assertFalse(Arrays.equals(plain.logprobs(), first.logprobs()));
        expectReference(reference, first, 1, -1, null);
    }

    @Test
    void steeringWithStrengthZeroIsPlainAndOtherwiseAddsTheVectorAfterItsBlock() throws Exception {
        Result plain = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        float[] vector = new float[TinyLlamaWeights.HIDDEN];
        Random random = new Random(3);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        Result zero = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true),
                "steering", string(steering(1, 0, vector))));
        assertArrayEquals(plain.tokenIds(), zero.tokenIds());
        assertArrayEquals(plain.logprobs(), zero.logprobs());
        Result steered = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true),
                "steering", string(steering(1, 0.5, vector))));
        assertFalse(Arrays.equals(plain.logprobs(), steered.logprobs()));
        float[] scaled = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            scaled[i] = (float) (0.5 * vector[i]);
        }
        expectReference(reference, steered, TinyLlamaWeights.LAYERS, 1, scaled);
    }

    @Test
    void capturedActivationsAreTheRawResidualsAtTheLastPromptTokenAndChangeNothing() throws Exception {
        Result plain = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        Result captured = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true),
                "capture_layers", string("[0, 2, 1]")));
        assertArrayEquals(plain.tokenIds(), captured.tokenIds());
        assertArrayEquals(plain.logprobs(), captured.logprobs());
        assertEquals(List.of(3L, (long) TinyLlamaWeights.HIDDEN), captured.activationsShape());
        double[][][] residuals = reference.residuals(plain.promptIds(), -1, null);
        int last = plain.promptIds().length - 1;
        int[] layers = {0, 2, 1};
        for (int row = 0; row < layers.length; row++) {
            for (int i = 0; i < TinyLlamaWeights.HIDDEN; i++) {
                assertEquals(residuals[layers[row]][last][i], captured.activations()[row * TinyLlamaWeights.HIDDEN + i],
                        1e-4, "layer " + layers[row] + " dimension " + i);
            }
        }
    }

    @Test
    void scoringAContinuationGivesItsTeacherForcedLogprobs() throws Exception {
        Result scored = generate("tiny", PROMPT, GREEDY, Map.of("score_continuation", string("I am a small model.")));
        assertTrue(scored.text().isEmpty(), scored.text());
        assertTrue(scored.tokenIds().length >= 4, Arrays.toString(scored.tokenIds()));
        long[] all = concat(scored.promptIds(), scored.tokenIds());
        double[][][] residuals = reference.residuals(all, -1, null);
        for (int i = 0; i < scored.tokenIds().length; i++) {
            double[] logits = reference.logits(residuals[TinyLlamaWeights.LAYERS][scored.promptIds().length - 1 + i]);
            assertEquals(ReferenceLlama.logSoftmax(logits, (int) scored.tokenIds()[i]), scored.logprobs()[i], TOLERANCE);
        }
    }

    @Test
    void concurrentRequestsDecodedTogetherGiveTheSingleRequestsGreedyTokens() throws Exception {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            prompts.add(PROMPTS.get(i % PROMPTS.size()) + " " + i);
        }
        List<String> alone = new ArrayList<>();
        for (String prompt : prompts) {
            alone.add(generate("tiny", prompt, GREEDY, Map.of()).text());
        }
        List<ModelInferRequest> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            requests.add(request("tiny", "r" + i, prompts.get(i), GREEDY, Map.of()));
        }
        List<ModelStreamInferResponse> responses = Llm.stream(channel, requests);
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(alone.get(i), Llm.text(Llm.of(responses, "r" + i).getFirst()), prompts.get(i));
        }
    }

    @Test
    void cancelledStreamsFreeTheirCacheRowsForLaterRequests() throws Exception {
        String longRun = "{\"max_tokens\": 200, \"temperature\": 0}";
        for (int i = 0; i < 20; i++) { // more cancelled requests than the 16 cache rows
            CountDownLatch firstToken = new CountDownLatch(1);
            AtomicReference<ClientCallStreamObserver<ModelInferRequest>> call = new AtomicReference<>();
            GRPCInferenceServiceGrpc.newStub(channel).modelStreamInfer(new ClientResponseObserver<ModelInferRequest,
                    ModelStreamInferResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requests) {
                    call.set(requests);
                }

                @Override
                public void onNext(ModelStreamInferResponse response) {
                    firstToken.countDown();
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                }
            });
            call.get().onNext(Llm.bool(request("tiny", "c" + i, PROMPT, longRun, Map.of()).toBuilder(), "stream", true).build());
            assertTrue(firstToken.await(30, TimeUnit.SECONDS));
            call.get().cancel("the client went away", null);
        }
        concurrentRequestsDecodedTogetherGiveTheSingleRequestsGreedyTokens();
    }

    @Test
    void streamedTokensJoinToTheWholeText() throws Exception {
        String whole = generate("tiny", PROMPT, GREEDY, Map.of()).text();
        ModelInferRequest streamed = Llm.bool(request("tiny", "s", PROMPT, GREEDY, Map.of()).toBuilder(), "stream", true)
                .build();
        List<ModelInferResponse> responses = Llm.of(Llm.stream(channel, List.of(streamed)), "s");
        assertTrue(responses.size() > 1);
        assertEquals(whole, Llm.joined(responses));
    }

    @Test
    void seededSamplingRepeatsAndTopKOneIsGreedy() throws Exception {
        String seeded = "{\"max_tokens\": 8, \"temperature\": 1.0, \"top_p\": 0.9, \"seed\": 5}";
        assertEquals(generate("tiny", PROMPT, seeded, Map.of()).text(), generate("tiny", PROMPT, seeded, Map.of()).text());
        String topOne = "{\"max_tokens\": 8, \"temperature\": 0.8, \"top_k\": 1, \"seed\": 9}";
        assertEquals(generate("tiny", PROMPT, GREEDY, Map.of()).text(), generate("tiny", PROMPT, topOne, Map.of()).text());
        String hot = "{\"max_tokens\": 8, \"temperature\": 1.5, \"seed\": 1}";
        assertNotEquals(generate("tiny", PROMPT, GREEDY, Map.of()).text(), generate("tiny", PROMPT, hot, Map.of()).text());
    }

    @Test
    void halfPrecisionWeightsAreWidenedExactly() throws Exception {
        for (String dtype : List.of("BF16", "F16")) {
            Result result = generate("tiny-" + dtype.toLowerCase(), PROMPT, GREEDY,
                    Map.of("return_token_logprobs", bool(true)));
            expectReference(new ReferenceLlama(TinyHfModel.rounded(weights, dtype)), result, TinyLlamaWeights.LAYERS,
                    -1, null);
        }
    }

    @Test
    void qwen2AddsItsAttentionBiases() throws Exception {
        Result result = generate("tiny-qwen2", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        expectReference(new ReferenceLlama(weights.withAttentionBiases(5, 0.1)), result, TinyLlamaWeights.LAYERS, -1,
                null);
        Result llama = generate("tiny", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        assertFalse(Arrays.equals(llama.logprobs(), result.logprobs()));
    }

    @Test
    void djlRunsOfflineOnThePyTorchLibraryFromTheMavenJar() {
        // The bundled pytorch-native-cpu jar is 2.7.1; a downloaded library would only come with offline mode off.
        assertEquals("2.7.1", Engine.getEngine("PyTorch").getVersion());
        assertTrue(Utils.isOfflineMode());
    }

    @Test
    void gemma2ScalesNormsCapsAndWrapsItsBlocksInNorms() throws Exception {
        Result result = generate("tiny-gemma2", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true),
                "early_exit_layer", int64(1)));
        expectReference(new ReferenceLlama(weights.withGemma2Norms(9), GEMMA2), result, 1, -1, null);
        Result full = generate("tiny-gemma2", PROMPT, GREEDY, Map.of("return_token_logprobs", bool(true)));
        expectReference(new ReferenceLlama(weights.withGemma2Norms(9), GEMMA2), full, TinyLlamaWeights.LAYERS, -1, null);
    }

    @Test
    void theConfigDeclaresTheWhiteBoxContract() {
        ModelConfig config = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .modelConfig(ModelConfigRequest.newBuilder().setName("tiny").build()).getConfig();
        assertEquals("transformers", config.getBackend());
        assertEquals("capture_layers,early_exit_layer,return_token_logprobs,score_continuation,steering",
                config.getParametersOrThrow("supported_request_parameters").getStringValue());
        assertEquals("2", config.getParametersOrThrow("num_hidden_layers").getStringValue());
        assertEquals("64", config.getParametersOrThrow("hidden_size").getStringValue());
        assertEquals("<|im_end|>", config.getParametersOrThrow("eos_token").getStringValue());
        assertTrue(config.getParametersOrThrow("chat_template").getStringValue().contains("<|im_start|>"));
        assertTrue(config.getOutputList().stream().anyMatch(o -> o.getName().equals("activations")));
    }

    @Test
    void badWhiteBoxValuesAreRefusedNamingTheParameter() throws Exception {
        Map<String, Map<String, InferParameter>> cases = Map.of(
                "early_exit_layer", Map.of("early_exit_layer", int64(3)),
                "steering", Map.of("steering", string(steering(1, 1, new float[3]))),
                "capture_layers", Map.of("capture_layers", string("[0, 1")),
                "score_continuation", Map.of("score_continuation", int64(1)));
        for (Map.Entry<String, Map<String, InferParameter>> bad : cases.entrySet()) {
            ModelStreamInferResponse response = Llm.stream(channel,
                    List.of(request("tiny", "bad", PROMPT, GREEDY, bad.getValue()))).getFirst();
            assertTrue(response.getErrorMessage().contains("'" + bad.getKey() + "'"), response.getErrorMessage());
        }
    }

    private static void expectReference(ReferenceLlama model, Result result, int exitLayer,
            int steeringLayer, float[] steering) {
        long[] tokens = result.promptIds();
        for (int i = 0; i < result.tokenIds().length; i++) {
            double[][][] residuals = model.residuals(tokens, steeringLayer, steering);
            double[] logits = model.logits(residuals[exitLayer][tokens.length - 1]);
            assertEquals(ReferenceLlama.argmax(logits), result.tokenIds()[i], "token " + i);
            assertEquals(ReferenceLlama.logSoftmax(logits, (int) result.tokenIds()[i]), result.logprobs()[i], TOLERANCE,
                    "log-probability of token " + i);
            tokens = concat(tokens, new long[] {result.tokenIds()[i]});
        }
    }

    /** One non-streamed request's output. */
    record Result(String text, long[] promptIds, long[] tokenIds, float[] logprobs, List<Long> activationsShape,
            float[] activations) {
    }

    static Result generate(String model, String prompt, String sampling, Map<String, InferParameter> parameters)
            throws Exception {
        ModelInferResponse response = Llm.of(Llm.stream(channel,
                List.of(request(model, "g", prompt, sampling, parameters))), "g").getFirst();
        List<Long> shape = response.getOutputsList().stream().filter(o -> o.getName().equals("activations"))
                .findFirst().map(o -> o.getShapeList()).orElse(List.of());
        return new Result(Llm.text(response), longs(response, "prompt_token_ids"), longs(response, "token_ids"),
                floats(response, "token_logprobs"), shape, floats(response, "activations"));
    }

    static ModelInferRequest request(String model, String id, String prompt, String sampling,
            Map<String, InferParameter> parameters) {
        ModelInferRequest.Builder request = Llm.sampling(Llm.request(model, id, prompt), sampling);
        Llm.bool(request, "exclude_input_in_output", true);
        request.putAllParameters(parameters);
        return request.build();
    }

    private static ByteBuffer raw(ModelInferResponse response, String name) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(name)) {
                return response.getRawOutputContents(i).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return ByteBuffer.allocate(0);
    }

    private static long[] longs(ModelInferResponse response, String name) {
        ByteBuffer raw = raw(response, name);
        long[] values = new long[raw.remaining() / 8];
        raw.asLongBuffer().get(values);
        return values;
    }

    private static float[] floats(ModelInferResponse response, String name) {
        ByteBuffer raw = raw(response, name);
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        return values;
    }

    static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static String steering(int layer, double strength, float[] vector) {
        String values = java.util.stream.IntStream.range(0, vector.length).mapToObj(i -> String.valueOf(vector[i]))
                .collect(Collectors.joining(","));
        return "{\"layer\": " + layer + ", \"strength\": " + strength + ", \"vector\": [" + values + "]}";
    }

    static InferParameter bool(boolean value) {
        return InferParameter.newBuilder().setBoolParam(value).build();
    }

    static InferParameter int64(long value) {
        return InferParameter.newBuilder().setInt64Param(value).build();
    }

    static InferParameter string(String value) {
        return InferParameter.newBuilder().setStringParam(value).build();
    }
}
