package dev.safegate.core.image;

/**
 * Preprocessing that a plan or the command line sets where the model's configuration does not say it (or says it
 * wrongly); every field is optional (null keeps the model's value).
 */
public record InputOverrides(Integer width, Integer height, Preprocessing.Layout layout, Float scale, float[] mean,
                             float[] std) {
    public static final InputOverrides NONE = new InputOverrides(null, null, null, null, null, null);

    public InputOverrides {
        if (mean != null && mean.length != 3 || std != null && std.length != 3) {
            throw new IllegalArgumentException("mean and std need three values (R, G, B)");
        }
    }

    /** The model's own preprocessing with these overrides applied. */
    public Preprocessing applyTo(Preprocessing model) {
        return new Preprocessing(width == null ? model.width() : width, height == null ? model.height() : height,
                layout == null ? model.layout() : layout, scale == null ? model.scale() : scale,
                mean == null ? model.mean() : mean, std == null ? model.std() : std);
    }
}
