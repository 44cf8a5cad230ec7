package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogisticModelTest {
    private final LogisticModel model = new LogisticModel(-1.0, Map.of("o2:i cannot", 2.5, "s0:sure", -1.25));

    @Test
    void scoresTheSigmoidOfBiasPlusThePresentWeights() {
        assertEquals(1 / (1 + Math.exp(-1.5)), model.probability(Set.of("o2:i cannot", "unknown")), 1e-12);
        assertEquals(1 / (1 + Math.exp(1.0)), model.probability(Set.of()), 1e-12);
    }

    @Test
    void writesSortedLinesAfterCommentsAndReadsThemBack() throws IOException {
        StringWriter out = new StringWriter();
        model.write(out, "two\nlines");
        assertEquals("# two\n# lines\nbias\t-1.00000\no2:i cannot\t2.50000\ns0:sure\t-1.25000\n", out.toString());
        assertEquals(model, LogisticModel.read(new BufferedReader(new StringReader(out.toString()))));
    }

    @Test
    void aLineWithoutAWeightIsAnError() {
        var error = assertThrows(IOException.class,
                () -> LogisticModel.read(new BufferedReader(new StringReader("bias\t0\nfeature-only\n"))));
        assertTrue(error.getMessage().startsWith("line 2"), error.getMessage());
    }
}
