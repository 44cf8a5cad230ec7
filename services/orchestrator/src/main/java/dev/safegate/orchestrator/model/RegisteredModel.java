package dev.safegate.orchestrator.model;

import dev.safegate.core.plan.EvaluationPlan;
import java.util.Objects;

/**
 * A registry model SafeGate evaluates, and how.
 *
 * @param servedModel the Triton model name that serves it
 * @param servedVersion the Triton version to call, with {@code {version}} standing for the registry version;
 *        empty for the server's latest
 * @param ioProfile the Triton input/output profile (VLLM, TRTLLM_ENSEMBLE), for the workers
 * @param chatTemplate where the chat template comes from (a shared-data path or a Hugging Face repo), for the workers
 * @param tokenizer where the tokenizer comes from, for the workers
 * @param registry where versions are announced and verdicts written back: {@code mlflow}, {@code huggingface}
 *        or {@code none}
 * @param defaultPlan the plan a registry event runs (without a model): LLM suites, or an image audit
 */
public record RegisteredModel(
        String name,
        String servedModel,
        String servedVersion,
        String ioProfile,
        String chatTemplate,
        String tokenizer,
        String registry,
        BaselineRule baseline,
        EvaluationPlan defaultPlan) {

    public static final String MLFLOW = "mlflow";

    public RegisteredModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(defaultPlan, "defaultPlan");
    }

    /** The Triton version that serves a registry version. */
    public String servedVersionOf(String version) {
        return servedVersion == null ? "" : servedVersion.replace("{version}", version);
    }

    public boolean writesBackToMlflow() {
        return MLFLOW.equals(registry);
    }
}
