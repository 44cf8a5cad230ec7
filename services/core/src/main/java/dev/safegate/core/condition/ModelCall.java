package dev.safegate.core.condition;

import java.util.Map;
import java.util.Objects;

/**
 * One model call.
 *
 * @param prompt the exact string sent as text_input
 * @param assistantPrefix the prefilled start of the answer (prefill condition), already inside the prompt;
 *        the judged answer is this prefix followed by the model's output. Empty otherwise.
 * @param reference where set, the answer is then scored under this reference model (reference_kl); null otherwise
 */
public record ModelCall(String prompt, Sampling sampling, Map<String, Object> parameters, String assistantPrefix,
        ReferenceScoring reference) implements PromptPlan {

    public ModelCall {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        assistantPrefix = assistantPrefix == null ? "" : assistantPrefix;
    }

    /** A call whose answer is not scored under another model. */
    public ModelCall(String prompt, Sampling sampling, Map<String, Object> parameters, String assistantPrefix) {
        this(prompt, sampling, parameters, assistantPrefix, null);
    }
}
