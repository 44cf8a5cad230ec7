package dev.safegate.core.judge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A logistic regression over binary features: P(refused) = sigmoid(bias + sum of the weights of the features
 * present). Unknown features weigh nothing.
 *
 * <p>Text form, one entry a line, sorted by feature: {@code # comment} lines, {@code bias<TAB>w}, then
 * {@code feature<TAB>w}. Weights are written with 6 significant digits, so a model read back scores within
 * rounding of the one written, and the same training writes the same bytes.
 */
record LogisticModel(double bias, Map<String, Double> weights) {
    private static final String BIAS = "bias";

    LogisticModel {
        weights = Map.copyOf(weights);
    }

    double probability(Collection<String> features) {
        double z = bias;
        for (String feature : features) {
            z += weights.getOrDefault(feature, 0.0);
        }
        return 1.0 / (1.0 + StrictMath.exp(-z));
    }

    void write(Writer out, String header) throws IOException {
        for (String line : header.split("\n")) {
            out.write("# " + line + "\n");
        }
        out.write(BIAS + "\t" + format(bias) + "\n");
        for (var entry : new TreeMap<>(weights).entrySet()) {
            out.write(entry.getKey() + "\t" + format(entry.getValue()) + "\n");
        }
    }

    static LogisticModel read(BufferedReader in) throws IOException {
        double bias = 0;
        Map<String, Double> weights = new TreeMap<>();
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                throw new IOException("line " + lineNumber + ": expected feature<TAB>weight: " + line);
            }
            double weight = Double.parseDouble(line.substring(tab + 1));
            String feature = line.substring(0, tab);
            if (feature.equals(BIAS)) {
                bias = weight;
            } else {
                weights.put(feature, weight);
            }
        }
        return new LogisticModel(bias, weights);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
