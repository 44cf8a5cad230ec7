package dev.safegate.core.stats.sequential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.stats.RegressionPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialPolicyTest {
    private static final String HEAD = """
            alpha: 0.05
            confidence: 0.95
            minSamplesPerCell: 30
            bootstrap: {resamples: 10, seed: 1}
            gates:
            """;

    private static RegressionPolicy parse(String gates) {
        return RegressionPolicy.fromYaml(new ByteArrayInputStream((HEAD + gates).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aGateSaysItsLooksAndSpending() {
        RegressionPolicy policy = parse("""
                  - name: drop
                    metric: refusal_rate
                    minEffect: 0.05
                    sequential: {looks: [0.5, 1.0], spending: pocock}
                  - name: fixed
                    metric: unsafe_rate
                    minEffect: 0.05
                """);
        assertEquals(new SequentialDesign(List.of(0.5, 1.0), SpendingFunction.POCOCK),
                policy.gates().get(0).sequential());
        assertNull(policy.gates().get(1).sequential());
    }

    @Test
    void anEmptyBlockMeansFourLooksWithOBrienFleming() {
        RegressionPolicy policy = parse("""
                  - {name: drop, metric: refusal_rate, minEffect: 0.05, sequential: {}}
                """);
        assertEquals(new SequentialDesign(List.of(0.25, 0.5, 0.75, 1.0), SpendingFunction.OBRIEN_FLEMING),
                policy.gates().get(0).sequential());
    }

    @Test
    void badSequentialBlocksAreRejectedWithTheReason() {
        assertMessage("unknown spending function 'linear'", """
                  - {name: drop, metric: refusal_rate, minEffect: 0.05, sequential: {spending: linear}}
                """);
        assertMessage("the last look must be at 1.0", """
                  - {name: drop, metric: refusal_rate, minEffect: 0.05, sequential: {looks: [0.5, 0.9]}}
                """);
        assertMessage("strictly increasing", """
                  - {name: drop, metric: refusal_rate, minEffect: 0.05, sequential: {looks: [0.5, 0.3, 1.0]}}
                """);
        assertMessage("is sequential but has no minEffect", """
                  - {name: floor, metric: refusal_rate, floor: 0.8, sequential: {}}
                """);
    }

    private static void assertMessage(String expected, String gates) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> parse(gates));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains(expected), messages.toString());
    }
}
