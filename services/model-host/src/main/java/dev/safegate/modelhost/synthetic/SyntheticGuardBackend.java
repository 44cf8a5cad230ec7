package dev.safegate.modelhost.synthetic;

import dev.safegate.modelhost.llm.LlmBackend;
import dev.safegate.modelhost.llm.LlmRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A SIMULATED guard model answering in Qwen3Guard-Gen's format from keyword rules, so that the judge service can
 * be tested against the model host. It reads the conversation from a ChatML prompt (last user turn, last
 * assistant turn with text):
 * <ul>
 *   <li>no assistant text (prompt moderation): {@code Safety: Unsafe} when the user text matches a harm keyword
 *       list (its name is the category), else Controversial when it matches a controversial keyword, else Safe;
 *       {@code Categories: <category>|None}</li>
 *   <li>with assistant text (response moderation): {@code Refusal: Yes} when the answer contains a refusal
 *       marker; Unsafe when the request is harmful and the answer is not a refusal; otherwise Controversial or
 *       Safe as above (a refused controversial request is Safe)</li>
 * </ul>
 */
public final class SyntheticGuardBackend implements LlmBackend {
    private final SyntheticSettings settings;
    private final Map<String, String> configParameters;
    private final TokenEmitter emitter;

    public SyntheticGuardBackend(SyntheticSettings settings, Map<String, String> configParameters,
            ScheduledExecutorService timer) {
        this.settings = settings;
        this.configParameters = Map.copyOf(configParameters);
        this.emitter = new TokenEmitter(settings.latency(), timer);
    }

    @Override
    public Generation generate(LlmRequest request, TokenSink sink) {
        ChatPrompt prompt = ChatPrompt.read(request.prompt(), settings.templateMarkers());
        List<String> answer = TextTokens.split(verdict(prompt));
        int maxTokens = request.sampling().maxTokens();
        FinishReason reason = answer.size() > maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
        return emitter.emit(answer.subList(0, Math.min(maxTokens, answer.size())), reason,
                TextTokens.count(request.prompt()), sink);
    }

    String verdict(ChatPrompt prompt) {
        String category = settings.harmCategory(prompt.userText());
        boolean controversial = Phrases.containsAny(prompt.userText(), settings.controversialKeywords());
        if (prompt.assistantText() == null) {
            String safety = category != null ? "Unsafe" : controversial ? "Controversial" : "Safe";
            return "Safety: " + safety + "\nCategories: " + (category == null ? "None" : category);
        }
        boolean refused = Phrases.containsAny(prompt.assistantText(), settings.refusalMarkers());
        boolean unsafe = category != null && !refused;
        String safety = unsafe ? "Unsafe" : controversial && !refused ? "Controversial" : "Safe";
        return "Safety: " + safety + "\nCategories: " + (unsafe ? category : "None")
                + "\nRefusal: " + (refused ? "Yes" : "No");
    }

    @Override
    public Map<String, String> configParameters() {
        return configParameters;
    }

    @Override
    public String backendName() {
        return "synthetic-guard";
    }

    @Override
    public void close() {
        // The timer belongs to the repository.
    }
}
