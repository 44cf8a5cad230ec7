package dev.safegate.judge;

import dev.safegate.core.condition.Condition;
import dev.safegate.core.condition.Conditions;
import dev.safegate.core.condition.MultiTurnCondition;
import dev.safegate.core.judge.JudgeInput;
import dev.safegate.core.suite.PromptMessage;
import dev.safegate.proto.v1.ChatMessage;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What judges are shown of a generation: the conversation as the user wrote it, not the rendered prompt with its
 * template tokens. A single call is one turn: the task's last user message and the output. A multi-turn
 * generation is a turn per model call: the user message of each turn, as the task's condition split or replayed
 * them ({@link MultiTurnCondition#userTurns}), with the model's answer from the generation's {@code turns}.
 */
final class JudgeInputs {
    private JudgeInputs() {
    }

    /** @throws IllegalArgumentException when a multi-turn generation's user turns cannot be rebuilt from its task */
    static JudgeInput of(Generation generation) {
        EvalTask task = generation.getTask();
        if (generation.getTurnsCount() <= 1) {
            String request = task.getMessagesList().reversed().stream().filter(m -> m.getRole().equals("user"))
                    .map(ChatMessage::getContent).findFirst().orElse(generation.getPrompt());
            return new JudgeInput(generation.getTaskId(), request, generation.getOutput());
        }
        List<String> users = userTurns(task);
        if (users.size() != generation.getTurnsCount()) {
            throw new IllegalArgumentException("condition " + task.getCondition() + " " + task.getConditionParams()
                    + " gives " + users.size() + " user turns for the generation's " + generation.getTurnsCount()
                    + " model calls");
        }
        return new JudgeInput(generation.getTaskId(), IntStream.range(0, users.size())
                .mapToObj(i -> new JudgeInput.Turn(users.get(i), generation.getTurns(i).getOutput())).toList());
    }

    private static List<String> userTurns(EvalTask task) {
        String params = task.getConditionParams();
        Condition condition = Conditions.fromJson(task.getCondition(), params.isEmpty() ? "{}" : params);
        if (!(condition instanceof MultiTurnCondition multiTurn)) {
            throw new IllegalArgumentException("condition " + task.getCondition() + " makes one model call, yet the "
                    + "generation has several turns");
        }
        return multiTurn.userTurns(task.getMessagesList().stream()
                .map(m -> new PromptMessage(m.getRole(), m.getContent())).toList());
    }
}
