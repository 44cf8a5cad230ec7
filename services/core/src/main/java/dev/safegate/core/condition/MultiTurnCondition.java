package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import dev.safegate.core.suite.PromptMessage;
import java.util.List;
import java.util.Map;

/**
 * {@code multi_turn}: a conversation in which the model's own answers are fed back between user turns
 * (a {@link TurnPlan}). Without parameters it replays a dialogue item's user turns (its scripted assistant
 * turns are replaced by the model's answers); with {@code shards: K} it splits a single-turn request over K
 * user turns. Items of the other kind do not apply.
 */
public record MultiTurnCondition(Integer shards) implements Condition {
    public static final String NAME = "multi_turn";

    public MultiTurnCondition {
        if (shards != null && shards < 2) {
            throw new IllegalArgumentException("shards must be >= 2, got " + shards);
        }
    }

    static MultiTurnCondition fromParams(ConditionParams params) {
        Integer shards = params.integer("shards", false, 2);
        params.done();
        return new MultiTurnCondition(shards);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return shards == null ? Map.of() : Map.of("shards", shards);
    }

    @Override
    public boolean appliesTo(PromptItem item) {
        return shards == null ? item.isDialogue() : !item.isDialogue();
    }

    @Override
    public PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling) {
        if (!appliesTo(item)) {
            throw new ConditionException(NAME, item.id(), shards == null
                    ? "replaying needs a dialogue item (or give shards: K to split a single prompt)"
                    : "sharding needs a single-turn item");
        }
        List<PromptMessage> opening = item.messages().stream().filter(m -> m.role().equals("system")).toList();
        return new TurnPlan(opening, userTurns(item.messages()), sampling, Map.of(), conversation -> Prompts.render(
                model.renderer(), Prompts.forGeneration(conversation, model), this, item, model, sampling));
    }

    /**
     * The user message of each turn, in order, for an item with these messages: its user messages (replay), or its
     * one user message split into {@code shards} parts. Judges read a conversation's turns from it.
     */
    public List<String> userTurns(List<PromptMessage> messages) {
        List<String> userContents = messages.stream()
                .filter(m -> m.role().equals("user"))
                .map(PromptMessage::content)
                .toList();
        return shards == null ? userContents : TextSharder.split(userContents.getFirst(), shards);
    }
}
