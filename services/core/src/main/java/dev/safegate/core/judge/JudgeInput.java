package dev.safegate.core.judge;

import java.util.List;
import java.util.Objects;

/**
 * What a judge looks at: the conversation of the model under test, as turns of (the user's message, the model's
 * answer) in order. A single-turn generation is one turn; a multi-turn one has a turn per model call, the model's own
 * answers fed back. {@link #prompt()} and {@link #response()} are the last turn's: what a judge of one answer reads.
 */
public record JudgeInput(String taskId, List<Turn> turns) {

    /** One exchange: the user's message and the model's answer to it (with the turns before it as context). */
    public record Turn(String user, String answer) {
        public Turn {
            user = user == null ? "" : user;
            answer = answer == null ? "" : answer;
        }
    }

    public JudgeInput {
        Objects.requireNonNull(taskId, "taskId");
        turns = List.copyOf(turns);
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("a judge input needs at least one turn");
        }
    }

    /** A single-turn conversation. */
    public JudgeInput(String taskId, String prompt, String response) {
        this(taskId, List.of(new Turn(prompt, response)));
    }

    /** The user's last message. */
    public String prompt() {
        return turns.getLast().user();
    }

    /** The model's last answer. */
    public String response() {
        return turns.getLast().answer();
    }

    /** The conversation up to and including turn {@code turn} (1-based), whose last answer is that turn's. */
    public JudgeInput upTo(int turn) {
        if (turn < 1 || turn > turns.size()) {
            throw new IllegalArgumentException("turn " + turn + " of a " + turns.size() + "-turn conversation");
        }
        return new JudgeInput(taskId, turns.subList(0, turn));
    }
}
