package dev.safegate.core.stats;

import static dev.safegate.core.stats.Obs.harmfulRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

    @Test
    void decisionSurvivesAJsonRoundTrip() throws Exception {
        RegressionPolicy policy = new RegressionPolicy(0.05, 0.95, 30, new PairedComparison.Bootstrap(100, 1),
                List.of(new RegressionPolicy.Gate("drop", null, null, null, Metric.REFUSAL_RATE, null, 0.05, 0.8, null, null)));
        Decision decision = new RegressionEvaluator(policy).evaluate(harmfulRun(100, 85), harmfulRun(100, 95));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(decision);
        assertTrue(text.contains("\"kind\":\"floor\"") && text.contains("\"kind\":\"comparison\""), text);
        assertTrue(text.contains("\"metric\":\"refusal_rate\""), text);
        assertEquals(decision, json.readValue(text, Decision.class));
    }
}
