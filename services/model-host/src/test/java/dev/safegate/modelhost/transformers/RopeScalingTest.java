package dev.safegate.modelhost.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Llama 3.1's rope_scaling on its own config's numbers (theta 500,000, head_dim 128, factor 8, 1, 4, 8192). */
class RopeScalingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double THETA = 500_000;

    private final RopeScaling llama31 = new RopeScaling(8, 1, 4, 8192);

    @Test
    void shortWavelengthsAreKeptLongOnesDividedAndTheBandBetweenInterpolated() {
        double fastest = unscaled(0);
        double slowest = unscaled(63);
        assertEquals(fastest, llama31.scale(fastest), 0); // wavelength 2 pi, far under 8192 / 4
        assertEquals(slowest / 8, llama31.scale(slowest), 1e-20); // wavelength far over 8192
        int medium = 0;
        for (int i = 0; i < 64; i++) {
            double wavelength = 2 * Math.PI / unscaled(i);
            if (wavelength > 2048 && wavelength < 8192) {
                medium++;
                double scaled = llama31.scale(unscaled(i));
                assertTrue(scaled > unscaled(i) / 8 && scaled < unscaled(i), "pair " + i);
            }
        }
        assertTrue(medium > 0, "the config has pairs in the interpolated band");
        // Continuous at the band's edges: the interpolation meets both sides.
        double atHigh = 2 * Math.PI / 2048;
        double atLow = 2 * Math.PI / 8192;
        assertEquals(atHigh, llama31.scale(atHigh), 1e-12);
        assertEquals(atLow / 8, llama31.scale(atLow), 1e-12);
    }

    @Test
    void otherScalingTypesAreRefusedNamingTheType() {
        IOException error = assertThrows(IOException.class, () -> RopeScaling.read(
                JSON.readTree("{\"rope_type\": \"yarn\", \"factor\": 4}"), "config.json"));
        assertTrue(error.getMessage().contains("'yarn'"), error.getMessage());
    }

    @Test
    void aConfigWithoutScalingHasNone() throws IOException {
        assertEquals(null, RopeScaling.read(JSON.readTree("{}").path("rope_scaling"), "config.json"));
    }

    private static double unscaled(int pair) {
        return 1 / Math.pow(THETA, 2.0 * pair / 128);
    }
}
