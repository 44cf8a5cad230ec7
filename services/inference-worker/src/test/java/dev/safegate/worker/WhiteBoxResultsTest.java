package dev.safegate.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.condition.ReferenceScoring;
import dev.safegate.proto.v1.WhiteBox;
import dev.safegate.triton.SamplingParams;
import dev.safegate.triton.TextResult;
import dev.safegate.triton.WhiteBoxOutputs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a generation keeps of the white-box outputs, and the mismatches that make it an ERROR generation. */
class WhiteBoxResultsTest {
    private static final SamplingParams SAMPLING = new SamplingParams(1.0, 1.0, 0, 16, 1L);
    private static final PromptPlan KL = PromptPlan.single("p", SAMPLING, Map.of("return_token_logprobs", true), "",
            new ReferenceScoring("base", ""));

    private static TextResult result(String model, long[] tokens, float[] logprobs, float[][] activations) {
        return new TextResult("answer", "stop", 3, tokens.length, model, "1",
                new WhiteBoxOutputs(new long[] {1, 2, 3}, tokens, logprobs, activations));
    }

    @Test
    void referenceKlKeepsBothLogProbArraysOfTheSameTokens() {
        WhiteBox whiteBox = WhiteBoxResults.of(KL, result("aligned", new long[] {7, 8}, new float[] {-0.1f, -0.2f},
                new float[0][]), result("base", new long[] {7, 8}, new float[] {-5f, -0.3f}, new float[0][]))
                .orElseThrow();
        assertEquals(2, whiteBox.getTokenIdsCount());
        assertEquals(-5f, whiteBox.getReferenceLogprobs(0));
        assertEquals("base@1", whiteBox.getReferenceModel());
    }

    @Test
    void aReferenceThatTokenizesTheAnswerDifferentlyIsAnError() {
        PromptException longer = assertThrows(PromptException.class, () -> WhiteBoxResults.of(KL,
                result("aligned", new long[] {7, 8}, new float[] {-0.1f, -0.2f}, new float[0][]),
                result("base", new long[] {7, 8, 9}, new float[] {-5f, -0.3f, -1f}, new float[0][])));
        assertEquals(PromptException.WHITE_BOX, longer.reason());
        assertTrue(longer.getMessage().contains("scored 3 tokens of the answer, the model generated 2"),
                longer.getMessage());
        PromptException other = assertThrows(PromptException.class, () -> WhiteBoxResults.of(KL,
                result("aligned", new long[] {7, 8}, new float[] {-0.1f, -0.2f}, new float[0][]),
                result("base", new long[] {7, 9}, new float[] {-5f, -0.3f}, new float[0][])));
        assertTrue(other.getMessage().contains("tokenized the answer differently from position 1"),
                other.getMessage());
    }

    @Test
    void activationsAreKeptByTheLayersAskedForInTheirOrder() {
        PromptPlan capture = PromptPlan.single("p", SAMPLING, Map.of("capture_layers", "[3,1]"), "", null);
        WhiteBox whiteBox = WhiteBoxResults.of(capture, result("m", new long[0], new float[0],
                new float[][] {{1f, 2f}, {3f, 4f}}), null).orElseThrow();
        assertEquals(3, whiteBox.getActivations(0).getLayer());
        assertEquals(4f, whiteBox.getActivations(1).getValues(1));
        PromptException missing = assertThrows(PromptException.class, () -> WhiteBoxResults.of(capture,
                result("m", new long[0], new float[0], new float[][] {{1f, 2f}}), null));
        assertTrue(missing.getMessage().contains("the model sent 1 rows"), missing.getMessage());
        assertTrue(WhiteBoxResults.of(PromptPlan.single("p", SAMPLING, Map.of(), "", null),
                result("m", new long[0], new float[0], new float[0][]), null).isEmpty());
    }
}
