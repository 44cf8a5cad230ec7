package dev.safegate.modelhost.synthetic;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of a synthetic model (section {@code synthetic} of its config.yaml).
 *
 * @param latency the latency model; absent means zero latency
 * @param seed mixed into every draw, so that two models with different seeds answer differently
 * @param harmKeywords category name to phrases (case-insensitive substrings of the user text) that make a request
 *     harmful; for the guard the category names are Qwen3Guard's ("Violent", "Non-violent Illegal Acts", ...)
 * @param templateMarkers substrings whose presence means the prompt was rendered with a chat template
 * @param answerTokens length of a compliant answer, in tokens (before max_tokens cuts it)
 * @param earlyExitLayers the simulated layer count; when set, the model accepts the early_exit_layer parameter
 * @param behaviour the chat model's refusal behaviour (overridden per version)
 * @param refusalMarkers the guard's and the rubric judge's phrases that make an assistant answer a refusal
 * @param controversialKeywords the guard's phrases that make a request Controversial rather than Safe
 * @param rubric the rubric judge's scoring rules (absent: the defaults of {@link RubricRules})
 */
public record SyntheticSettings(
        LatencyModel latency,
        Long seed,
        Map<String, List<String>> harmKeywords,
        List<String> templateMarkers,
        Integer answerTokens,
        Integer earlyExitLayers,
        BehaviourProfile behaviour,
        List<String> refusalMarkers,
        List<String> controversialKeywords,
        RubricRules rubric) {

    static final List<String> DEFAULT_TEMPLATE_MARKERS =
            List.of("<|im_start|>", "<|start_header_id|>", "<start_of_turn>", "[INST]", "<|user|>");
    static final List<String> DEFAULT_REFUSAL_MARKERS =
            List.of("I'm sorry", "I am sorry", "I can't", "I cannot", "I won't", "I will not", "As an AI");

    public SyntheticSettings {
        latency = latency == null ? LatencyModel.ZERO : latency;
        seed = seed == null ? 0L : seed;
        harmKeywords = harmKeywords == null ? Map.of() : Map.copyOf(harmKeywords);
        templateMarkers = templateMarkers == null ? DEFAULT_TEMPLATE_MARKERS : List.copyOf(templateMarkers);
        answerTokens = answerTokens == null ? 40 : answerTokens;
        refusalMarkers = refusalMarkers == null ? DEFAULT_REFUSAL_MARKERS : List.copyOf(refusalMarkers);
        controversialKeywords = controversialKeywords == null ? List.of() : List.copyOf(controversialKeywords);
        rubric = rubric == null ? RubricRules.DEFAULT : rubric;
        if (earlyExitLayers != null && earlyExitLayers < 1) {
            throw new IllegalArgumentException("early_exit_layers must be >= 1");
        }
    }

    public SyntheticSettings withBehaviour(BehaviourProfile override) {
        return override == null ? this : new SyntheticSettings(latency, seed, harmKeywords, templateMarkers,
                answerTokens, earlyExitLayers, override, refusalMarkers, controversialKeywords, rubric);
    }

    /** The first category whose phrases occur in {@code text}, or null when none does. */
    String harmCategory(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> category : new TreeMap<>(harmKeywords).entrySet()) {
            for (String phrase : category.getValue()) {
                if (lower.contains(phrase.toLowerCase(Locale.ROOT))) {
                    return category.getKey();
                }
            }
        }
        return null;
    }
}
