package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Llama 3.1's rotary frequency scaling ({@code rope_scaling} with {@code rope_type: llama3}), as transformers'
 * {@code _compute_llama3_parameters} defines it: wavelengths longer than original_max_position_embeddings /
 * low_freq_factor are divided by {@code factor}, shorter than ... / high_freq_factor are kept, and the ones between
 * are interpolated. Other scaling types (linear, dynamic, YaRN) are refused at load.
 */
record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, double originalMaxPositions) {

    /** The config's rope_scaling, or null where it has none. */
    static RopeScaling read(JsonNode scaling, String file) throws IOException {
        if (scaling.isMissingNode() || scaling.isNull()) {
            return null;
        }
        String type = scaling.path("rope_type").asText(scaling.path("type").asText(""));
        if (!type.equals("llama3")) {
            throw new IOException(file + ": rope_scaling type '" + type + "' is not supported (supported: llama3)");
        }
        for (String key : new String[] {"factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"}) {
            if (!scaling.path(key).isNumber()) {
                throw new IOException(file + ": rope_scaling needs a number '" + key + "'");
            }
        }
        return new RopeScaling(scaling.get("factor").asDouble(), scaling.get("low_freq_factor").asDouble(),
                scaling.get("high_freq_factor").asDouble(), scaling.get("original_max_position_embeddings").asDouble());
    }

    /** The inverse frequency of one rotary dimension pair after scaling. */
    double scale(double inverseFrequency) {
        double wavelength = 2 * Math.PI / inverseFrequency;
        double lowFreqWavelength = originalMaxPositions / lowFreqFactor;
        double highFreqWavelength = originalMaxPositions / highFreqFactor;
        if (wavelength < highFreqWavelength) {
            return inverseFrequency;
        }
        if (wavelength > lowFreqWavelength) {
            return inverseFrequency / factor;
        }
        double smooth = (originalMaxPositions / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        return (1 - smooth) * inverseFrequency / factor + smooth * inverseFrequency;
    }
}
