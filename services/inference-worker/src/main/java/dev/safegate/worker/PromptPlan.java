package dev.safegate.worker;

import dev.safegate.core.condition.ReferenceScoring;
import dev.safegate.triton.SamplingParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What to send for one task: {@code calls} model calls in order, each prompt rendered from the model's
 * answers to the calls before it (a single-call plan ignores them).
 *
 * @param prompts the exact prompt string of call number {@code answers.size()}, given the answers so far;
 *        may throw {@link PromptException}
 * @param parameters extra KServe request parameters (white-box conditions), possibly empty
 * @param assistantPrefix the prefilled start of the answer, already at the end of the prompt; the judged
 *        output is this prefix followed by the model's continuation. Empty otherwise.
 * @param reference where set (reference_kl), the answer is then scored under this model; null otherwise
 */
public record PromptPlan(int calls, Function<List<String>, String> prompts, SamplingParams sampling,
        Map<String, Object> parameters, String assistantPrefix, ReferenceScoring reference) {

    public PromptPlan {
        if (calls < 1) {
            throw new IllegalArgumentException("a plan needs at least one call");
        }
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(sampling, "sampling");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        assistantPrefix = assistantPrefix == null ? "" : assistantPrefix;
    }

    public static PromptPlan single(String prompt, SamplingParams sampling, Map<String, Object> parameters,
            String assistantPrefix, ReferenceScoring reference) {
        return new PromptPlan(1, answers -> prompt, sampling, parameters, assistantPrefix, reference);
    }

    public String prompt(List<String> answers) {
        return prompts.apply(answers);
    }
}
