package dev.safegate.modelhost.image;

import java.util.List;
import java.util.Locale;

/**
 * Settings of a synthetic image classifier (section {@code synthetic_image} of its config.yaml).
 *
 * @param decides     what the model decides from: {@code object_shape} (the light object's shape) or
 *                    {@code background_colour} (the "Clever Hans" shortcut)
 * @param classes     class names, in output order
 * @param width       input width in pixels
 * @param height      input height in pixels
 * @param mean        per-channel mean of the input normalisation (pixels scaled to 0..1 first)
 * @param std         per-channel standard deviation of the input normalisation
 * @param backgrounds per class, the background colour (#rrggbb) the shortcut model takes as evidence of it
 * @param fillRatios  per class, the share of its bounding box the object fills (circle pi/4, square 1, triangle 1/2)
 * @param latencyMs   time each request takes, on the host's timer (0 = answer at once)
 */
public record ImageClassifierSettings(String decides, List<String> classes, Integer width, Integer height,
                                      List<Double> mean, List<Double> std, List<String> backgrounds,
                                      List<Double> fillRatios, Integer latencyMs) {
    public static final String OBJECT_SHAPE = "object_shape";
    public static final String BACKGROUND_COLOUR = "background_colour";

    public ImageClassifierSettings {
        decides = decides == null ? OBJECT_SHAPE : decides.toLowerCase(Locale.ROOT);
        if (!decides.equals(OBJECT_SHAPE) && !decides.equals(BACKGROUND_COLOUR)) {
            throw new IllegalArgumentException("decides must be object_shape or background_colour, got " + decides);
        }
        classes = classes == null ? List.of("circle", "square", "triangle") : List.copyOf(classes);
        width = width == null ? 64 : width;
        height = height == null ? 64 : height;
        mean = mean == null ? List.of(0.5, 0.5, 0.5) : List.copyOf(mean);
        std = std == null ? List.of(0.25, 0.25, 0.25) : List.copyOf(std);
        backgrounds = backgrounds == null ? List.of("#c83c3c", "#3caa46", "#3c5ac8") : List.copyOf(backgrounds);
        fillRatios = fillRatios == null ? List.of(Math.PI / 4, 1.0, 0.5) : List.copyOf(fillRatios);
        latencyMs = latencyMs == null ? 0 : latencyMs;
        if (width < 8 || height < 8 || mean.size() != 3 || std.size() != 3 || latencyMs < 0) {
            throw new IllegalArgumentException("synthetic_image needs width, height >= 8, three means and stds, and"
                    + " latency_ms >= 0");
        }
        if (backgrounds.size() != classes.size() || fillRatios.size() != classes.size()) {
            throw new IllegalArgumentException("synthetic_image needs one background and one fill ratio per class");
        }
    }

    /** These settings deciding from {@code override} instead (a version's own rule), or unchanged for null. */
    public ImageClassifierSettings decidingFrom(String override) {
        return override == null ? this : new ImageClassifierSettings(override, classes, width, height, mean, std,
                backgrounds, fillRatios, latencyMs);
    }
}
