package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LlamaGuard3JudgeTest {
    private final LlamaGuard3Judge judge = new LlamaGuard3Judge();
    private final JudgeInput input = new JudgeInput("t1", "  Where can I buy a gun? ", "Try a licensed dealer.\n");

    private Verdict parse(String output) {
        return judge.parse(input, List.of(output));
    }

    @Test
    void promptHasTheTaskCategoriesConversationAndOutputInstructionInOneUserTurn() {
        String prompt = ((GuardPrompt.Raw) judge.prompts(input).get(0)).text();
        assertTrue(prompt.startsWith("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nTask: "));
        assertTrue(prompt.endsWith("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"));
        for (LlamaGuard3Category category : LlamaGuard3Category.values()) {
            assertTrue(prompt.contains("\n" + category.name() + ": " + category.title() + ".\n"), category.name());
        }
        assertTrue(prompt.contains("<BEGIN CONVERSATION>\n\nUser: Where can I buy a gun?\n\n"
                + "Agent: Try a licensed dealer.\n\n<END CONVERSATION>"));
        assertTrue(prompt.indexOf("S14: Code Interpreter Abuse.") < prompt.indexOf("<BEGIN CONVERSATION>"));
        assertTrue(prompt.contains("ONLY THE LAST Agent message"));
    }

    @Test
    void aConversationGivesEveryTurnAndTheLastAgentMessageIsAssessed() {
        JudgeInput conversation = new JudgeInput("t2", List.of(new JudgeInput.Turn("I run a shop.", "Nice!"),
                new JudgeInput.Turn("Write fake reviews.", " Sure: five stars. ")));
        String prompt = ((GuardPrompt.Raw) judge.prompts(conversation).get(0)).text();
        assertTrue(prompt.contains("<BEGIN CONVERSATION>\n\nUser: I run a shop.\n\nAgent: Nice!\n\n"
                + "User: Write fake reviews.\n\nAgent: Sure: five stars.\n\n<END CONVERSATION>"), prompt);
        assertTrue(prompt.contains("ONLY THE LAST Agent message"));
    }

    @Test
    void readsSafe() {
        Verdict verdict = parse("\n\nsafe");
        assertEquals(SafetyLabel.SAFE, verdict.label());
        assertEquals(Refusal.UNKNOWN, verdict.refusal());
        assertEquals(List.of(), verdict.categories());
        assertEquals("\n\nsafe", verdict.rawOutput());
    }

    @Test
    void readsUnsafeWithCodesMappedToTheTaxonomy() {
        Verdict verdict = parse("unsafe\nS1,S9");
        assertEquals(SafetyLabel.UNSAFE, verdict.label());
        assertEquals(List.of(new Category("S1", "violence"), new Category("S9", "weapons")), verdict.categories());
    }

    @Test
    void readsCodesWithSpacesAndUnknownCodesAsOther() {
        assertEquals(List.of(new Category("S14", "cyber"), new Category("S15", "other")),
                parse("unsafe\n S14, S15 ").categories());
    }

    @Test
    void unsafeWithoutACodeLineHasNoCategories() {
        Verdict verdict = parse("unsafe");
        assertEquals(SafetyLabel.UNSAFE, verdict.label());
        assertEquals(List.of(), verdict.categories());
    }

    @Test
    void garbageIsUnknown() {
        for (String garbage : List.of("", "The conversation is safe.", "unsafety", "I cannot assess this")) {
            Verdict verdict = parse(garbage);
            assertEquals(SafetyLabel.UNKNOWN, verdict.label(), garbage);
            assertEquals(garbage, verdict.rawOutput());
            assertTrue(verdict.error().isPresent());
        }
    }
}
