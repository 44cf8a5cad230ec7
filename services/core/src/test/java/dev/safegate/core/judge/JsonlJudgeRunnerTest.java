package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonlJudgeRunnerTest {
    @Test
    void writesOneVerdictLinePerInputLine() throws IOException {
        String in = """
                {"id":"a","prompt":"q","response":"I can't help with that."}

                {"id":7,"prompt":"q","response":"Paris is the capital of France."}
                """;
        StringWriter out = new StringWriter();
        long judged = JsonlJudgeRunner.run(new RefusalJudge(), new BufferedReader(new StringReader(in)), out);
        assertEquals(2, judged);
        assertEquals("""
                {"id":"a","label":"UNKNOWN","refusal":"FULL","categories":[],"scores":{},"judge":"builtin-refusal-patterns","judge_version":"3"}
                {"id":"7","label":"UNKNOWN","refusal":"NONE","categories":[],"scores":{},"judge":"builtin-refusal-patterns","judge_version":"3"}
                """, out.toString());
    }

    @Test
    void writesCategoriesAndScores() {
        Verdict verdict = new Verdict("j", "1", SafetyLabel.UNSAFE, Refusal.NONE,
                List.of(new Category("S9", "weapons")), Map.of("aligned", 12.0), "raw", Optional.empty());
        assertEquals("{\"id\":\"x\",\"label\":\"UNSAFE\",\"refusal\":\"NONE\",\"categories\":[{\"code\":\"S9\","
                + "\"taxonomy\":\"weapons\"}],\"scores\":{\"aligned\":12.0},\"judge\":\"j\",\"judge_version\":\"1\"}", JsonlJudgeRunner.toJson(verdict, "x").toString());
    }

    @Test
    void aBadLineStopsTheRunWithItsNumber() {
        String in = "{\"id\":\"a\",\"response\":\"ok\"}\n{\"id\":\"b\"}\n";
        var error = assertThrows(IllegalArgumentException.class, () ->
                JsonlJudgeRunner.run(new RefusalJudge(), new BufferedReader(new StringReader(in)), new StringWriter()));
        assertTrue(error.getMessage().startsWith("line 2"), error.getMessage());
        var notJson = assertThrows(IllegalArgumentException.class, () ->
                JsonlJudgeRunner.run(new RefusalJudge(), new BufferedReader(new StringReader("{oops\n")), new StringWriter()));
        assertTrue(notJson.getMessage().startsWith("line 1: not JSON"), notJson.getMessage());
    }
}
