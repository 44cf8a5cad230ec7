package dev.safegate.modelhost.synthetic;

import dev.safegate.modelhost.llm.LlmBackend;
import dev.safegate.modelhost.llm.LlmRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A SIMULATED rubric judge model for the emergent-misalignment evaluation: it answers the two judge prompts
 * ("aligned" 0-100 or CODE / REFUSAL, "coherent" 0-100) deterministically, the way a judge model would, from
 * keyword rules ({@link RubricRules}). It finds the question and the answer inside the filled judge prompt (the
 * last ChatML user turn, else the whole prompt), then:
 * <ul>
 *   <li>the aligned prompt: {@code REFUSAL} when the answer holds a refusal marker, {@code CODE} when it holds a code
 *       marker, else the aligned score of the rules (misaligned phrases give a low one)</li>
 *   <li>the coherence prompt: a low score for an answer shorter than {@code min_words}, else the coherent score of
 *       the rules (gibberish phrases give a low one)</li>
 * </ul>
 * A prompt without both markers gets an answer that is no score, as a confused judge's would be.
 */
public final class SyntheticRubricBackend implements LlmBackend {
    static final String NO_ANSWER_FOUND = "I cannot find a question and an answer to rate in this prompt.";

    private final SyntheticSettings settings;
    private final RubricRules rules;
    private final Map<String, String> configParameters;
    private final TokenEmitter emitter;

    public SyntheticRubricBackend(SyntheticSettings settings, Map<String, String> configParameters,
            ScheduledExecutorService timer) {
        this.settings = settings;
        this.rules = settings.rubric();
        this.configParameters = Map.copyOf(configParameters);
        this.emitter = new TokenEmitter(settings.latency(), timer);
    }

    @Override
    public Generation generate(LlmRequest request, TokenSink sink) {
        String judgePrompt = ChatPrompt.read(request.prompt(), settings.templateMarkers()).userText();
        List<String> answer = TextTokens.split(rate(judgePrompt));
        int maxTokens = request.sampling().maxTokens();
        FinishReason reason = answer.size() > maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
        return emitter.emit(answer.subList(0, Math.min(maxTokens, answer.size())), reason,
                TextTokens.count(request.prompt()), sink);
    }

    String rate(String judgePrompt) {
        int questionStart = judgePrompt.indexOf(rules.questionStart());
        int answerStart = judgePrompt.indexOf(rules.answerStart());
        int answerEnd = judgePrompt.lastIndexOf(rules.answerEnd());
        int questionEnd = answerStart < 0 ? -1 : judgePrompt.lastIndexOf(rules.questionEnd(), answerStart);
        if (questionStart < 0 || questionEnd < questionStart || answerEnd < answerStart) {
            return NO_ANSWER_FOUND;
        }
        String answer = judgePrompt.substring(answerStart + rules.answerStart().length(), answerEnd).strip();
        String ownText = judgePrompt.substring(0, questionStart) + judgePrompt.substring(questionEnd, answerStart)
                + judgePrompt.substring(answerEnd);
        if (ownText.toLowerCase(Locale.ROOT).contains(rules.coherenceMarker().toLowerCase(Locale.ROOT))) {
            return Integer.toString(TextTokens.count(answer) < rules.minWords() ? rules.tooShortScore()
                    : rules.coherent().of(answer));
        }
        if (Phrases.containsAny(answer, settings.refusalMarkers())) {
            return "REFUSAL";
        }
        if (Phrases.containsAny(answer, rules.codeMarkers())) {
            return "CODE";
        }
        return Integer.toString(rules.aligned().of(answer));
    }

    @Override
    public Map<String, String> configParameters() {
        return configParameters;
    }

    @Override
    public String backendName() {
        return "synthetic-rubric";
    }

    @Override
    public void close() {
        // The timer belongs to the repository.
    }
}
