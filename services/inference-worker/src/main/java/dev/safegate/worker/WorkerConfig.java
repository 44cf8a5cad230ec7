package dev.safegate.worker;

import dev.safegate.triton.IoProfile;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The worker's settings ({@code safegate.*}); every key has an environment form (SAFEGATE_MAX_IN_FLIGHT, ...). */
@ConfigMapping(prefix = "safegate")
public interface WorkerConfig {

    Triton triton();

    /** Model requests this worker keeps in flight (it processes twice as many tasks at once). */
    @WithDefault("64")
    int maxInFlight();

    /** Used when a task's sampling has no max_tokens. */
    @WithDefault("256")
    int defaultMaxTokens();

    Retry retry();

    /** Per served model (Triton model name, quoted when it contains dots or slashes). */
    Map<String, ModelSettings> models();

    /** Other model families' templates for the foreign_template condition: family name -> template file. */
    Map<String, String> foreignTemplates();

    /**
     * The results service ({@code SAFEGATE_RESULTS_URL}), where steering by a stored direction fetches the
     * direction ({@code GET /api/v1/directions/{id}}); absent: such tasks fail with the reason.
     */
    Optional<String> resultsUrl();

    /** For models not listed under {@code models}. */
    @WithName("default-model")
    ModelSettings defaultModel();

    interface Triton {
        @WithDefault("localhost")
        String host();

        @WithDefault("8001")
        int port();

        /** Deadline of one model call (a decoupled request ends with its final response). */
        @WithDefault("120s")
        Duration requestTimeout();

        /** explicit: load a model that is not ready with RepositoryModelLoad (Triton's --model-control-mode=explicit). */
        @WithDefault("none")
        ModelControl modelControl();

        /** With explicit model control: unload a model when the runs this worker served with it end. */
        @WithDefault("false")
        boolean unloadAfterRun();
    }

    enum ModelControl {
        NONE, EXPLICIT
    }

    interface Retry {
        /** Attempts of one model call, the first included, for transient errors. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** Random share (0..1) of each backoff, so that many workers do not retry in step. */
        @WithDefault("0.5")
        double jitter();
    }

    interface ModelSettings {
        @WithDefault("vllm")
        IoProfile ioProfile();

        /** Decoupled models (vLLM, TensorRT-LLM decoupled) answer only over ModelStreamInfer. */
        @WithDefault("true")
        boolean decoupled();

        /** Ask a vLLM model for finish_reason and token counts (its config must declare the return_* inputs). */
        @WithDefault("false")
        boolean requestStats();

        /** The model's tokenizer.json, or the folder holding it: token counts, prefill, context check. */
        Optional<String> tokenizer();

        /**
         * The model's chat template: a model folder, tokenizer_config.json, chat_template.jinja or .gguf. When
         * absent, the template the model server publishes in its ModelConfig parameters.
         */
        Optional<String> template();

        /** Prompt plus max_tokens must fit; 0 means unknown (no check). */
        @WithDefault("0")
        int maxContextTokens();
    }
}
