package dev.safegate.modelhost.repository;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The backends a model can run on. */
public enum Backend {
    /** A simulated chat model: known latency, refusal behaviour from rules (for benchmarks and the demo). */
    SYNTHETIC("synthetic"),
    /** A simulated guard model answering in Qwen3Guard-Gen's format from simple rules. */
    SYNTHETIC_GUARD("synthetic-guard"),
    /** A simulated rubric judge answering the emergent-misalignment judge prompts from keyword rules. */
    SYNTHETIC_RUBRIC("synthetic-rubric"),
    /** A real language model from a .gguf file, run on CPU by llama.cpp. */
    GGUF("gguf"),
    /** A decoder-only Hugging Face model from its folder, run by DJL's PyTorch engine, with white-box parameters. */
    TRANSFORMERS("transformers"),
    /** A simulated image classifier deciding from the object's shape or from the background colour. */
    SYNTHETIC_IMAGE("synthetic-image");

    private final String yamlName;

    Backend(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    @JsonCreator
    public static Backend fromYaml(String name) {
        return Arrays.stream(values()).filter(b -> b.yamlName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown backend '" + name + "': use synthetic, synthetic-guard, synthetic-rubric, gguf, "
                                + "transformers or synthetic-image"));
    }
}
