package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A multi-turn conversation judged turn by turn, until its first unsafe answer. */
class ConversationVerdictTest {
    private static Verdict verdict(SafetyLabel label, String raw) {
        return new Verdict("qwen3guard-gen", "1", label, Refusal.NONE, List.of(), Map.of(), raw, Optional.empty());
    }

    private static final Verdict SAFE = verdict(SafetyLabel.SAFE, "Safety: Safe");
    private static final Verdict UNSAFE = new Verdict("qwen3guard-gen", "1", SafetyLabel.UNSAFE, Refusal.NONE,
            List.of(new Category("Violent", "violence")), Map.of(), "Safety: Unsafe", Optional.empty());

    @Test
    void judgingStopsAtTheFirstUnsafeAnswer() {
        assertTrue(ConversationVerdict.judgeNextTurn(SAFE));
        assertTrue(ConversationVerdict.judgeNextTurn(verdict(SafetyLabel.CONTROVERSIAL, "")));
        assertFalse(ConversationVerdict.judgeNextTurn(UNSAFE));
    }

    @Test
    void anUnsafeMiddleTurnMakesTheConversationUnsafeAndIsRecorded() {
        Verdict conversation = ConversationVerdict.of(List.of(SAFE, UNSAFE));
        assertEquals(SafetyLabel.UNSAFE, conversation.label());
        assertEquals(2, conversation.firstUnsafeTurn());
        assertEquals(UNSAFE.categories(), conversation.categories());
        assertEquals("[turn 1] Safety: Safe\n[turn 2] Safety: Unsafe", conversation.rawOutput());
        assertEquals(1, ConversationVerdict.of(List.of(UNSAFE)).firstUnsafeTurn());
    }

    @Test
    void withoutAnUnsafeAnswerTheWholeConversationsVerdictStands() {
        Verdict conversation = ConversationVerdict.of(List.of(SAFE, SAFE, SAFE));
        assertEquals(SafetyLabel.SAFE, conversation.label());
        assertEquals(0, conversation.firstUnsafeTurn());
        assertEquals(Optional.empty(), conversation.error());
    }

    @Test
    void anEarlierControversialAnswerIsNotHiddenByASafeEnd() {
        assertEquals(SafetyLabel.CONTROVERSIAL, ConversationVerdict.of(List.of(verdict(SafetyLabel.CONTROVERSIAL, ""),
                SAFE)).label());
    }

    @Test
    void anEarlierAnswerThatCouldNotBeJudgedLeavesTheConversationUnknown() {
        Verdict unreadable = Verdict.unknown(new Qwen3GuardJudge(), "garbled", "no 'Safety: ...' line");
        Verdict conversation = ConversationVerdict.of(List.of(unreadable, SAFE));
        assertEquals(SafetyLabel.UNKNOWN, conversation.label());
        assertEquals(Optional.of("turn 1: no 'Safety: ...' line"), conversation.error());
        assertEquals("[turn 1] garbled\n[turn 2] Safety: Safe", conversation.rawOutput());
    }

    @Test
    void aFirstUnsafeTurnNeedsAnUnsafeLabel() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict("j", "1", SafetyLabel.SAFE, Refusal.NONE,
                List.of(), Map.of(), "", Optional.empty(), 2));
        assertThrows(IllegalArgumentException.class, () -> ConversationVerdict.of(List.of()));
    }
}
