package dev.safegate.worker;

import dev.safegate.core.SharedData;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.organisms.PlantedModel;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.triton.IoProfile;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model servers of the worker's Quarkus tests: SafeGate's model host in-process, and {@link FakeTriton} in
 * front of it, which the worker is pointed at. The fake serves what the model host cannot: vllm (decoupled),
 * vllm-stats (server-side token counts), trt (TensorRT-LLM ensemble, unary), flaky (unary, injected failures),
 * lazy (loaded on demand), tok (SmolLM2 tokenizer, small context); holds and injected failures. Every other model
 * goes to the model host: simulated-chat (versions 1 and 2, from the example repository, with the SmolLM2
 * tokenizer and server-side counts), unary-chat (not decoupled, so called with ModelInfer) and the benchmark's
 * bench-zero (zero latency) and bench-200ms (200 ms per request, 64 at once). Injects both servers into test
 * fields of their types; {@value #MODEL_HOST_PORT} names the model host's own port.
 */
public class ModelServersResource implements QuarkusTestResourceLifecycleManager {
    static final String TOKENIZER = "models/SmolLM2-135M-Instruct/tokenizer.json";
    static final String MODEL_HOST_PORT = "safegate-test.model-host-port";


    private EmbeddedModelHost host;
    private FakeTriton fake;
    private Path organisms;

    @Override
    public Map<String, String> start() {
        List<ModelSpec> models = new ArrayList<>(List.of(
                exampleModel("simulated-chat"),
                exampleModel("shapes-object"),
                exampleModel("shapes-shortcut"),
                synthetic("unary-chat", "decoupled: false\n", ""),
                synthetic("bench-zero", "", ""),
                synthetic("bench-200ms", "", "  latency: {ttft_ms: 200, tpot_ms: 0, capacity: 64}\n")));
        SharedData.resolve(TOKENIZER).ifPresent(tokenizer -> models.addAll(plantedOrganism(tokenizer.getParent())));
        host = EmbeddedModelHost.start(models);
        fake = new FakeTriton()
                .model("vllm", IoProfile.VLLM, true, false)
                .model("vllm-stats", IoProfile.VLLM, true, true)
                .model("trt", IoProfile.TRTLLM_ENSEMBLE, false, false)
                .model("flaky", IoProfile.VLLM, false, false)
                .model("tok", IoProfile.VLLM, true, false)
                .model(FakeTriton.WHITE_BOX, IoProfile.VLLM, true, false)
                .unloadedModel("lazy", IoProfile.VLLM)
                .forwardOtherModelsTo(host.target());
        Map<String, String> config = new HashMap<>();
        try {
            config.put("safegate.triton.port", Integer.toString(fake.start()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put(MODEL_HOST_PORT, Integer.toString(host.port()));
        config.put("safegate.triton.host", "127.0.0.1");
        config.put("safegate.triton.model-control", "explicit");
        config.put("safegate.triton.unload-after-run", "true");
        config.put("safegate.retry.max-attempts", "3");
        config.put("safegate.retry.initial-backoff", "10ms");
        config.put("safegate.retry.max-backoff", "50ms");
        config.put("safegate.models.\"vllm-stats\".request-stats", "true");
        config.put("safegate.models.trt.io-profile", "trtllm-ensemble");
        config.put("safegate.models.trt.decoupled", "false");
        config.put("safegate.models.flaky.decoupled", "false");
        config.put("safegate.models.\"unary-chat\".decoupled", "false");
        config.put("safegate.models.\"simulated-chat\".request-stats", "true");
        SharedData.resolve(TOKENIZER).ifPresent(tokenizer -> {
            config.put("safegate.models.tok.tokenizer", tokenizer.toString());
            config.put("safegate.models.tok.max-context-tokens", "96");
            config.put("safegate.models.\"simulated-chat\".tokenizer", tokenizer.toString());
        });
        return config;
    }

    /** A synthetic ChatML chat model that answers 16 tokens and never refuses a benign request. */
    private static ModelSpec synthetic(String name, String config, String syntheticSettings) {
        return ModelSpec.fromYaml(name, "backend: synthetic\n" + config
                + "chat_template: |-\n  " + FakeTriton.CHATML + "\n"
                + "synthetic:\n"
                + "  answer_tokens: 16\n"
                + "  behaviour: {refusal_templated: 0.95, refusal_raw: 0.9, benign_refusal: 0}\n"
                + syntheticSettings);
    }

    /**
     * The planted-weights organism (organism-planted versions 1 = aligned and 2 = misaligned, organism-planted-base)
     * served by the real transformers backend: white-box conditions have known answers on it.
     */
    private List<ModelSpec> plantedOrganism(Path tokenizerFolder) {
        try {
            organisms = Files.createTempDirectory("planted-organism");
            PlantedModel.writeRepository(organisms, tokenizerFolder);
            return List.of(ModelSpec.read(organisms.resolve(PlantedModel.SERVED_NAME)),
                    ModelSpec.read(organisms.resolve(PlantedModel.SERVED_BASE_NAME)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelSpec exampleModel(String name) {
        try {
            return ModelSpec.read(EmbeddedModelHost.exampleRepository().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.MatchesType(FakeTriton.class));
        injector.injectIntoFields(host, new TestInjector.MatchesType(EmbeddedModelHost.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.stop();
        }
        if (host != null) {
            host.close();
        }
        if (organisms != null) {
            try (Stream<Path> files = Files.walk(organisms)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
