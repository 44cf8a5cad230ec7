package dev.safegate.modelhost.repository;

import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.image.SyntheticImageBackend;
import dev.safegate.modelhost.llm.LlmBackend;
import dev.safegate.proto.inference.ModelConfig;

/** One loaded version of a model. */
public record LoadedModel(String name, String version, ServedBackend backend, ModelConfig config) {

    /** The text backend; an image classifier is refused as Triton refuses a request without the model's inputs. */
    public LlmBackend llm() throws TritonError {
        if (backend instanceof LlmBackend llm) {
            return llm;
        }
        throw TritonError.invalid("model '" + name + "' is an image classifier: its input is '"
                + SyntheticImageBackend.INPUT + "'");
    }

    public boolean decoupled() {
        return config.getModelTransactionPolicy().getDecoupled();
    }
}
