package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class JudgeInputTest {
    private final JudgeInput conversation = new JudgeInput("t", List.of(new JudgeInput.Turn("q1", "a1"),
            new JudgeInput.Turn("q2", "a2"), new JudgeInput.Turn("q3", "a3")));

    @Test
    void aJudgeOfOneAnswerReadsTheLastTurn() {
        assertEquals("q3", conversation.prompt());
        assertEquals("a3", conversation.response());
        assertEquals(List.of(new JudgeInput.Turn("q", "a")), new JudgeInput("t", "q", "a").turns());
    }

    @Test
    void aPrefixEndsWithTheAnswerOfItsTurn() {
        JudgeInput two = conversation.upTo(2);
        assertEquals(List.of(new JudgeInput.Turn("q1", "a1"), new JudgeInput.Turn("q2", "a2")), two.turns());
        assertEquals("a2", two.response());
        assertEquals(conversation, conversation.upTo(3));
        assertThrows(IllegalArgumentException.class, () -> conversation.upTo(0));
        assertThrows(IllegalArgumentException.class, () -> conversation.upTo(4));
    }

    @Test
    void aConversationHasATurn() {
        assertThrows(IllegalArgumentException.class, () -> new JudgeInput("t", List.of()));
    }
}
