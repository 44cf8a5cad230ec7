package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BuiltinJudgesTest {
    @Test
    void findsTheRefusalJudgesById() {
        assertInstanceOf(LearnedRefusalJudge.class, BuiltinJudges.byId("builtin-refusal"));
        assertInstanceOf(RefusalJudge.class, BuiltinJudges.byId("builtin-refusal-patterns"));
        assertEquals("builtin-refusal", BuiltinJudges.all().get(0).id());
        assertEquals("builtin-refusal-patterns", BuiltinJudges.all().get(1).id());
    }

    @Test
    void unknownIdsAreRejectedWithTheKnownOnes() {
        var error = assertThrows(IllegalArgumentException.class, () -> BuiltinJudges.byId("no-such-judge"));
        assertEquals(true, error.getMessage().contains("builtin-refusal"));
    }
}
