package dev.safegate.modelhost.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.Llm;
import dev.safegate.modelhost.gguf.SharedDir;
import dev.safegate.modelhost.gguf.TinyLlamaWeights;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelConfigRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.RepositoryIndexRequest;
import dev.safegate.proto.inference.RepositoryIndexResponse.ModelIndex;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hugging Face folders in a model repository: broken ones are each UNAVAILABLE with the file and the reason in the
 * repository index, and the good ones next to them (single file, sharded, the same weights declared as Mistral)
 * serve the same text.
 */
class HfModelFoldersTest {
    private static final String MODEL = "models/SmolLM2-135M-Instruct";
    private static final String PROMPT = "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n";

    @TempDir
    static Path repository;
    private static EmbeddedModelHost host;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> shared = SharedDir.resolve(MODEL + "/tokenizer.json");
        Assumptions.assumeTrue(shared.isPresent(), SharedDir.missingMessage(MODEL + "/tokenizer.json"));
        Path tokenizer = shared.get().getParent();
        TinyLlamaWeights weights = TinyLlamaWeights.random(21, 49152, 0.08);
        TinyHfModel.write(model("good"), weights, "F32", "LlamaForCausalLM", tokenizer);
        TinyHfModel.writeSharded(model("sharded"), weights, tokenizer);

        Path mistral = TinyHfModel.write(model("mistral"), weights, "F32", "MistralForCausalLM", tokenizer);
        Files.writeString(mistral.resolve("config.json"),
                TinyHfModel.config(weights, "MistralForCausalLM").put("sliding_window", 64).toString());

        Path llama31 = TinyHfModel.write(model("llama3-rope-scaling"), weights, "F32", "LlamaForCausalLM", tokenizer);
        ObjectNode scaled = TinyHfModel.config(weights, "LlamaForCausalLM");
        scaled.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 8.0).put("low_freq_factor", 1.0)
                .put("high_freq_factor", 4.0).put("original_max_position_embeddings", 16);
        Files.writeString(llama31.resolve("config.json"), scaled.toString());

        Path corrupt = TinyHfModel.write(model("corrupt-header"), weights, "F32", "LlamaForCausalLM", tokenizer);
        byte[] bytes = Files.readAllBytes(corrupt.resolve("model.safetensors"));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length * 2L);
        Files.write(corrupt.resolve("model.safetensors"), bytes);

        Path missing = TinyHfModel.writeSharded(model("missing-shard"), weights, tokenizer);
        Files.delete(missing.resolve(TinyHfModel.shardName(1)));

        Path unknown = TinyHfModel.write(model("unknown-architecture"), weights, "F32", "LlamaForCausalLM", tokenizer);
        ObjectNode config = TinyHfModel.config(weights, "GPTNeoXForCausalLM");
        Files.writeString(unknown.resolve("config.json"), config.toString());

        Path mismatch = TinyHfModel.write(model("vocab-mismatch"), weights, "F32", "LlamaForCausalLM", tokenizer);
        ObjectNode small = TinyHfModel.config(weights, "LlamaForCausalLM").put("vocab_size", 32000);
        Files.writeString(mismatch.resolve("config.json"), small.toString());

        model("not-made-yet"); // a config.yaml whose HF folder does not exist (yet)

        host = EmbeddedModelHost.start(repository);
        channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
    }

    /** A repository folder whose config.yaml serves the HF folder "hf" inside it; returns that HF folder. */
    private static Path model(String name) throws Exception {
        Path folder = Files.createDirectories(repository.resolve(name));
        Files.writeString(folder.resolve("config.yaml"), """
                backend: transformers
                transformers: {path: hf, context_size: 128, threads: 2}
                """);
        return folder.resolve("hf");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (host != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            host.close();
        }
    }

    @Test
    void eachBrokenFolderIsUnavailableWithItsFileAndReason() {
        Map<String, ModelIndex> index = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList().stream()
                .collect(Collectors.toMap(ModelIndex::getName, Function.identity()));
        assertEquals("READY", index.get("good").getState());
        assertEquals("READY", index.get("sharded").getState());
        assertEquals("READY", index.get("mistral").getState());
        assertEquals("READY", index.get("llama3-rope-scaling").getState());
        expect(index.get("corrupt-header"), "hf/model.safetensors", "corrupt safetensors header");
        expect(index.get("missing-shard"), TinyHfModel.shardName(1), "is missing");
        expect(index.get("unknown-architecture"), "hf/config.json", "unsupported architecture 'GPTNeoXForCausalLM'");
        expect(index.get("vocab-mismatch"), "hf/tokenizer.json", "vocab_size 32000");
        expect(index.get("not-made-yet"), "not-made-yet/hf", "does not exist");
    }

    @Test
    void theShardedCopyAndTheMistralDeclarationServeWhatTheSingleFileServes() throws Exception {
        String sampling = "{\"max_tokens\": 8, \"temperature\": 0}";
        assertEquals(text("good", sampling), text("sharded", sampling));
        assertEquals(text("good", sampling), text("mistral", sampling));
        // Scaled rotary frequencies (original context 16, so most pairs are scaled) change the log-probabilities.
        assertNotEquals(logprobs("good", sampling), logprobs("llama3-rope-scaling", sampling));
    }

    @Test
    void mistralsContextStopsAtItsSlidingWindow() {
        ModelConfig config = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                .modelConfig(ModelConfigRequest.newBuilder().setName("mistral").build()).getConfig();
        assertEquals("64", config.getParametersOrThrow("max_model_len").getStringValue());
        assertEquals("MistralForCausalLM", config.getParametersOrThrow("architecture").getStringValue());
    }

    private static String text(String model, String sampling) throws Exception {
        return Llm.text(Llm.of(Llm.stream(channel,
                List.of(TransformersBackendTest.request(model, "t", PROMPT, sampling, Map.of()))), "t").getFirst());
    }

    private static List<Float> logprobs(String model, String sampling) throws Exception {
        ModelInferResponse response = Llm.of(Llm.stream(channel, List.of(TransformersBackendTest.request(model, "l",
                PROMPT, sampling, Map.of("return_token_logprobs", TransformersBackendTest.bool(true))))), "l").getFirst();
        int index = response.getOutputsList().stream().map(o -> o.getName()).toList().indexOf("token_logprobs");
        ByteBuffer raw = response.getRawOutputContents(index).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Float> values = new java.util.ArrayList<>();
        while (raw.hasRemaining()) {
            values.add(raw.getFloat());
        }
        return values;
    }

    private static void expect(ModelIndex row, String file, String reason) {
        assertEquals("UNAVAILABLE", row.getState(), row.toString());
        assertTrue(row.getReason().contains(file) && row.getReason().contains(reason), row.getReason());
    }
}
