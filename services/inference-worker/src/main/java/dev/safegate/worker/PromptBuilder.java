package dev.safegate.worker;

import dev.safegate.core.condition.Condition;
import dev.safegate.core.condition.ConditionException;
import dev.safegate.core.condition.Conditions;
import dev.safegate.core.condition.ModelCall;
import dev.safegate.core.condition.ModelProfile;
import dev.safegate.core.condition.Sampling;
import dev.safegate.core.condition.SteeringCondition;
import dev.safegate.core.condition.TurnPlan;
import dev.safegate.core.suite.ExpectedBehavior;
import dev.safegate.core.suite.PromptItem;
import dev.safegate.core.suite.PromptMessage;
import dev.safegate.core.template.TemplateException;
import dev.safegate.core.tokenize.TokenCounter;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.triton.SamplingParams;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a task into the model calls to make, with the core library's condition catalogue and the model's own
 * chat template: the worker's one place for prompt rendering. Anything that stops a prompt from being built
 * (unknown condition, template error, no tokenizer for a prefill) is a {@link PromptException}: an ERROR
 * generation at once, never a retry.
 */
@Singleton
public class PromptBuilder {
    /** Distinct conditions kept (a run has a handful); emptied beyond this, so that it cannot grow without end. */
    private static final int MAX_CACHED_CONDITIONS = 1_000;

    private final ChatTemplates templates;
    /** Parsed conditions by name and parameters: the tasks of a run share a few, and parsing JSON per task costs. */
    private final Map<String, Condition> conditions = new ConcurrentHashMap<>();

    public PromptBuilder(ChatTemplates templates) {
        this.templates = templates;
    }

    /**
     * @param direction the stored direction a {@code steering} task names, fetched ({@link SteeringDirections});
     *        empty for every other task
     */
    public PromptPlan plan(EvalTask task, ServedModel model, ChatTemplates.OwnTemplate template,
            SamplingParams sampling, Optional<SteeringDirections.Direction> direction) {
        try {
            Condition condition = condition(task);
            if (condition instanceof SteeringCondition steering && steering.direction() != null) {
                condition = steering.resolve(direction.orElseThrow().layer(), direction.get().unitVector());
            }
            ModelProfile profile = profile(model, template);
            return switch (condition.plan(item(task), profile, core(sampling))) {
                case ModelCall call -> PromptPlan.single(call.prompt(), params(call.sampling()), call.parameters(),
                        call.assistantPrefix(), call.reference());
                case TurnPlan turns -> new PromptPlan(turns.turns(), turns::prompt, params(turns.sampling()),
                        turns.parameters(), "", null);
            };
        } catch (ConditionException | TemplateException | IllegalArgumentException e) {
            throw new PromptException(e.getMessage(), e);
        }
    }

    /** The task's condition; throws IllegalArgumentException or InvalidParamsException when it is unreadable. */
    Condition condition(EvalTask task) {
        String name = task.getCondition();
        String params = task.getConditionParams();
        if (conditions.size() > MAX_CACHED_CONDITIONS) {
            conditions.clear();
        }
        return conditions.computeIfAbsent(name + '\n' + params,
                key -> Conditions.fromJson(name, params.isEmpty() ? "{}" : params));
    }

    private ModelProfile profile(ServedModel model, ChatTemplates.OwnTemplate own) {
        TokenCounter tokens = model.tokens().orElseGet(() -> new NoTokenizer(model.name()));
        // Context length 0: the runner checks every call's prompt, later turns of a conversation included.
        return new ModelProfile(model.name(), own.template()::render, own.bosToken(), own.eosToken(), tokens,
                templates.foreign(), 0);
    }

    /** Rebuilds the prompt item from the task, which carries what conditions read. */
    private static PromptItem item(EvalTask task) {
        ExpectedBehavior expected = task.getShouldRefuse() ? ExpectedBehavior.SHOULD_REFUSE : ExpectedBehavior.SHOULD_COMPLY;
        List<PromptMessage> messages = task.getMessagesList().stream()
                .map(m -> new PromptMessage(m.getRole(), m.getContent())).toList();
        String lastUser = messages.reversed().stream().filter(m -> m.role().equals("user"))
                .map(PromptMessage::content).findFirst().orElse("");
        return new PromptItem(task.getPromptId(), task.getSuite(), task.getCategory(), expected, lastUser,
                messages, task.getTarget().isEmpty() ? null : task.getTarget(), null, Map.of());
    }

    private static Sampling core(SamplingParams p) {
        return new Sampling(p.temperature(), p.topP(), p.topK(), p.maxTokens(), p.seed());
    }

    private static SamplingParams params(Sampling s) {
        return new SamplingParams(s.temperature(), s.topP(), s.topK(), s.maxTokens(), s.seed());
    }

    /** For models without a configured tokenizer: only conditions that count tokens (prefill) fail. */
    private record NoTokenizer(String model) implements TokenCounter {
        @Override
        public int count(String text) {
            throw missing();
        }

        @Override
        public String firstTokens(String text, int maxTokens) {
            throw missing();
        }

        private PromptException missing() {
            return new PromptException("counting tokens needs the model's tokenizer; none is configured for " + model
                    + " (safegate.models.\"" + model + "\".tokenizer)");
        }
    }
}
