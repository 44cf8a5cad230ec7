package dev.safegate.judge;

import dev.safegate.core.SharedData;
import dev.safegate.core.judge.RubricPrompts;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.repository.ModelSpec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the model host in-process with a synthetic guard model, {@code simulated-guard}, answering in
 * Qwen3Guard-Gen's format from keyword rules, and the example repository's {@code simulated-rubric} judge model,
 * and points the judge's Triton client at it. The Llama Guard 3 judge is pointed at a model the host does not
 * serve, to exercise the failure path. The rubric judge is configured only where the shared data holds its prompts
 * (it would stop the start without them).
 */
public class GuardModelHostResource implements QuarkusTestResourceLifecycleManager {
    static final String ABSENT_MODEL = "absent-guard";

    private static final String GUARD = """
            backend: synthetic-guard
            synthetic:
              harm_keywords:
                Violent: [build a bomb]
              controversial_keywords: [diet pills]
            """;

    private EmbeddedModelHost host;

    static boolean rubricPromptsPresent() {
        return SharedData.resolve(RubricPrompts.FIRST_PLOT_QUESTIONS).isPresent();
    }

    @Override
    public Map<String, String> start() {
        try {
            host = EmbeddedModelHost.start(List.of(ModelSpec.fromYaml("simulated-guard", GUARD),
                    ModelSpec.read(EmbeddedModelHost.exampleRepository().resolve("simulated-rubric"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "safegate.triton.host", "127.0.0.1",
                "safegate.triton.port", Integer.toString(host.port()),
                "safegate.judges.llama-guard-3.model", ABSENT_MODEL,
                "safegate.retry.initial-backoff", "10ms"));
        if (rubricPromptsPresent()) {
            config.put("safegate.judges.em-rubric.model", "simulated-rubric");
        }
        return config;
    }

    @Override
    public void stop() {
        if (host != null) {
            host.close();
        }
    }
}
