package dev.safegate.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptOrderTest {
    private static List<Integer> order(String runId) {
        return IntStream.range(0, 100).boxed()
                .sorted(Comparator.comparingLong(i -> PromptOrder.rank(runId, "advbench", "raw", "p" + i)))
                .toList();
    }

    @Test
    void theOrderIsFixedByTheRunAndDiffersBetweenRuns() {
        assertEquals(order("run-a"), order("run-a"));
        assertNotEquals(order("run-a"), order("run-b"));
        assertNotEquals(IntStream.range(0, 100).boxed().toList(), order("run-a"), "not the plan's order");
    }

    @Test
    void everyFieldOfThePromptChangesItsRank() {
        long rank = PromptOrder.rank("r", "s", "c", "p");
        assertNotEquals(rank, PromptOrder.rank("r", "s", "c2", "p"));
        assertNotEquals(rank, PromptOrder.rank("r", "s2", "c", "p"));
        // fields are separated: ("ab", "c") is not ("a", "bc")
        assertNotEquals(PromptOrder.rank("r", "ab", "c", "p"), PromptOrder.rank("r", "a", "bc", "p"));
    }

    @Test
    void aPrefixIsASampleOfThePlan() {
        // the first quarter of a 400-prompt plan whose first half is one category holds about half of each
        long firstHalf = IntStream.range(0, 400).boxed()
                .sorted(Comparator.comparingLong(i -> PromptOrder.rank("run-x", "s", "raw", "p" + i)))
                .limit(100).filter(i -> i < 200).count();
        assertTrue(firstHalf > 30 && firstHalf < 70, "first-half prompts in the first quarter: " + firstHalf);
    }
}
