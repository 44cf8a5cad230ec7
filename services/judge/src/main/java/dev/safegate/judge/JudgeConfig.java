package dev.safegate.judge;

import dev.safegate.triton.IoProfile;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithKeys;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The judge's settings ({@code safegate.*}); every key has an environment form (SAFEGATE_MAX_IN_FLIGHT, ...). */
@ConfigMapping(prefix = "safegate")
public interface JudgeConfig {

    /** Generations judged at once: bounds the guard-model requests this instance keeps in flight. */
    @WithDefault("64")
    int maxInFlight();

    Triton triton();

    Retry retry();

    /**
     * Judge models by judge kind ({@code qwen3guard}, {@code llama-guard-3}, {@code em-rubric}); a kind is served
     * only when its model is configured (see {@link GuardJudge#KINDS}). The kinds are fixed keys, so that the
     * environment reaches kinds with dashes ({@code SAFEGATE_JUDGES_EM_RUBRIC_MODEL}); settings of other kinds are
     * refused at start ({@link GuardJudge#rejectUnknownKinds}).
     */
    @WithKeys(GuardJudge.Kinds.class)
    Map<String, GuardModel> judges();

    interface Triton {
        @WithDefault("localhost")
        String host();

        @WithDefault("8001")
        int port();

        /** Deadline of one guard-model call. */
        @WithDefault("60s")
        Duration requestTimeout();
    }

    interface Retry {
        /** Attempts of one guard-model call, the first included, for transient errors. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** Random share (0..1) of each backoff, so that many judges do not retry in step. */
        @WithDefault("0.5")
        double jitter();
    }

    interface GuardModel {
        /** Triton model name; absent: the kind is not served. */
        Optional<String> model();

        /** Model version; absent for the server's choice. */
        Optional<String> version();

        /**
         * The guard model's chat template: a {@code chat_template.jinja}, a {@code tokenizer_config.json}, or
         * the model folder holding one. Absent: a plain ChatML rendering (see {@link GuardTemplate}).
         */
        Optional<String> template();

        /** Enough for a guard's verdict lines; always sent (vLLM's default is 16). */
        @WithDefault("128")
        int maxTokens();

        @WithDefault("vllm")
        IoProfile ioProfile();

        /** Decoupled models (vLLM, TensorRT-LLM decoupled) answer only over ModelStreamInfer. */
        @WithDefault("true")
        boolean decoupled();
    }
}
