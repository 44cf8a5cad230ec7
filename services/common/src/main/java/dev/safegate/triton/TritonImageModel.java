package dev.safegate.triton;

import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.Preprocessing;
import dev.safegate.proto.inference.DataType;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelInput;
import dev.safegate.proto.inference.ModelParameter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An image classifier on a Triton server, as its ModelConfig describes it: one image input (FP32 or UINT8, NCHW or
 * NHWC, dims without the batch dimension when max_batch_size > 0), one output of class scores, and SafeGate's
 * preprocessing parameters ({@code classes}, {@code preprocessing_mean}, {@code preprocessing_std},
 * {@code preprocessing_scale}; {@code output_logits=true} for a model that answers logits). Overrides from a plan or
 * the command line win over the configuration. Class names come from the {@code classes} parameter, else from the
 * output's {@code label_filename} through the classification extension ({@link ClassificationLabels}).
 *
 * @param maxBatchSize the most images per request (1 for a model without batching)
 * @param batchDimension whether requests carry a batch dimension (max_batch_size > 0)
 * @param logits whether the output needs a softmax to become probabilities
 */
public record TritonImageModel(String name, String version, String inputName, String inputDatatype,
                               String outputName, int maxBatchSize, boolean batchDimension,
                               Preprocessing preprocessing, List<String> classNames, boolean logits) {

    /** @throws IllegalArgumentException when the configuration does not describe an image classifier */
    public static TritonImageModel of(ModelConfig config, String version, InputOverrides overrides) {
        if (config.getInputCount() != 1 || config.getOutputCount() < 1) {
            throw new IllegalArgumentException("model '" + config.getName() + "' has " + config.getInputCount()
                    + " inputs and " + config.getOutputCount() + " outputs; an image classifier has one image input"
                    + " and a class-score output");
        }
        ModelInput input = config.getInput(0);
        String datatype = switch (input.getDataType()) {
            case TYPE_FP32 -> "FP32";
            case TYPE_UINT8 -> "UINT8";
            default -> throw new IllegalArgumentException("input '" + input.getName() + "' of model '"
                    + config.getName() + "' is " + input.getDataType() + "; FP32 and UINT8 images are supported");
        };
        List<Long> dims = input.getDimsList();
        if (config.getMaxBatchSize() == 0 && dims.size() == 4) {
            dims = dims.subList(1, 4); // a model without batching may still declare a leading 1
        }
        if (dims.size() != 3) {
            throw new IllegalArgumentException("input '" + input.getName() + "' of model '" + config.getName()
                    + "' has dims " + dims + "; an image input has three (channels, height, width or height,"
                    + " width, channels)");
        }
        Preprocessing.Layout layout = switch (input.getFormat()) {
            case FORMAT_NCHW -> Preprocessing.Layout.NCHW;
            case FORMAT_NHWC -> Preprocessing.Layout.NHWC;
            default -> dims.get(0) == 3 ? Preprocessing.Layout.NCHW : Preprocessing.Layout.NHWC;
        };
        int height = Math.toIntExact(layout == Preprocessing.Layout.NCHW ? dims.get(1) : dims.get(0));
        int width = Math.toIntExact(layout == Preprocessing.Layout.NCHW ? dims.get(2) : dims.get(1));
        boolean raw = input.getDataType() == DataType.TYPE_UINT8;
        Preprocessing declared = raw ? Preprocessing.raw(width, height, layout)
                : new Preprocessing(width, height, layout, floatParameter(config, "preprocessing_scale", 1 / 255f),
                        triple(config, "preprocessing_mean", 0f), triple(config, "preprocessing_std", 1f));
        String classes = parameter(config, "classes");
        return new TritonImageModel(config.getName(), version == null ? "" : version, input.getName(), datatype,
                config.getOutput(0).getName(), Math.max(1, config.getMaxBatchSize()), config.getMaxBatchSize() > 0,
                overrides.applyTo(declared), classes == null ? List.of() : List.of(classes.split(",")),
                "true".equalsIgnoreCase(parameter(config, "output_logits")));
    }

    /**
     * The number of classes whose labels the server holds in the output's {@code label_filename} (Triton's way to
     * name classes), or 0 when it declares none or its class count is not fixed.
     */
    public static int labelledClasses(ModelConfig config) {
        if (config.getOutputCount() < 1 || config.getOutput(0).getLabelFilename().isBlank()) {
            return 0;
        }
        long classes = 1;
        for (long dim : config.getOutput(0).getDimsList()) {
            if (dim < 1) {
                return 0;
            }
            classes *= dim;
        }
        return config.getOutput(0).getDimsCount() == 0 ? 0 : Math.toIntExact(classes);
    }

    public TritonImageModel withClassNames(List<String> names) {
        return new TritonImageModel(name, version, inputName, inputDatatype, outputName, maxBatchSize, batchDimension,
                preprocessing, List.copyOf(names), logits);
    }

    private static String parameter(ModelConfig config, String key) {
        ModelParameter value = config.getParametersMap().get(key);
        return value == null || value.getStringValue().isBlank() ? null : value.getStringValue().trim();
    }

    private static float floatParameter(ModelConfig config, String key, float fallback) {
        String value = parameter(config, key);
        return value == null ? fallback : Float.parseFloat(value);
    }

    private static float[] triple(ModelConfig config, String key, float fallback) {
        String value = parameter(config, key);
        if (value == null) {
            return new float[] {fallback, fallback, fallback};
        }
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("parameter " + key + " of model '" + config.getName()
                    + "' needs three values, got '" + value + "'");
        }
        float[] values = new float[3];
        for (int i = 0; i < 3; i++) {
            values[i] = Float.parseFloat(parts[i].trim());
        }
        return values;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (version %s): %s %s %dx%d, batches of %d, classes %s, mean %s, std %s",
                name, version.isEmpty() ? "latest" : version, inputDatatype, preprocessing.layout(),
                preprocessing.width(), preprocessing.height(), maxBatchSize, classNames,
                Arrays.toString(preprocessing.mean()), Arrays.toString(preprocessing.std()));
    }
}
