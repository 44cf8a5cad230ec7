package dev.safegate.modelhost.image;

import com.google.protobuf.ByteString;
import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.repository.ServedBackend;
import dev.safegate.proto.inference.DataType;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelInput;
import dev.safegate.proto.inference.ModelOutput;
import dev.safegate.proto.inference.ModelParameter;
import dev.safegate.proto.inference.ModelTransactionPolicy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A SIMULATED image classifier (backend {@code synthetic-image}) for auditing the image audit: it decides from the
 * light object's shape or from the background colour (see {@link ImageRules}), so which superpixels carry its
 * evidence is known by construction. Non-decoupled, batched like a Triton image model: input {@value #INPUT} FP32
 * [batch, 3, height, width] (NCHW, normalised with the mean and std its configuration publishes), output
 * {@value #OUTPUT} FP32 [batch, classes].
 */
public final class SyntheticImageBackend implements ServedBackend {
    public static final String INPUT = "image";
    public static final String OUTPUT = "probabilities";
    public static final String BACKEND_NAME = "safegate-synthetic-image";
    /**
     * The label file the output declares, as a Triton model's config does; its lines are the configured classes.
     * Like Triton, the model host hands the labels out only through the classification extension.
     */
    public static final String LABEL_FILE = "labels.txt";
    static final String CLASSIFICATION = "classification";

    private final ImageClassifierSettings settings;
    private final int maxBatchSize;
    private final ScheduledExecutorService timer;
    private final float[][] backgrounds;
    private final double[] fillRatios;

    public SyntheticImageBackend(ImageClassifierSettings settings, int maxBatchSize, ScheduledExecutorService timer) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max_batch_size must be >= 1 for an image classifier");
        }
        this.settings = settings;
        this.maxBatchSize = maxBatchSize;
        this.timer = timer;
        this.backgrounds = settings.backgrounds().stream().map(SyntheticImageBackend::colour).toArray(float[][]::new);
        this.fillRatios = settings.fillRatios().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The model's configuration, Triton-style: dims without the batch dimension (max_batch_size > 0), the input's
     * format, and SafeGate's preprocessing and class parameters (see proto/README.md).
     */
    public ModelConfig config(String name) {
        ModelConfig.Builder config = ModelConfig.newBuilder()
                .setName(name)
                .setBackend(BACKEND_NAME)
                .setMaxBatchSize(maxBatchSize)
                .addInput(ModelInput.newBuilder().setName(INPUT).setDataType(DataType.TYPE_FP32)
                        .setFormat(ModelInput.Format.FORMAT_NCHW)
                        .addDims(3).addDims(settings.height()).addDims(settings.width()))
                .addOutput(ModelOutput.newBuilder().setName(OUTPUT).setDataType(DataType.TYPE_FP32)
                        .addDims(settings.classes().size()).setLabelFilename(LABEL_FILE))
                .setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(false));
        parameter(config, "preprocessing_scale", Double.toString(1 / 255.0));
        parameter(config, "preprocessing_mean", join(settings.mean()));
        parameter(config, "preprocessing_std", join(settings.std()));
        parameter(config, "decides", settings.decides());
        return config.build();
    }

    /** Classifies the request's batch; answers after the configured latency. */
    public CompletableFuture<ModelInferResponse> infer(String name, String version, ModelInferRequest request) {
        ModelInferResponse response;
        try {
            response = classify(name, version, request);
        } catch (TritonError e) {
            return CompletableFuture.failedFuture(e);
        }
        if (settings.latencyMs() == 0) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<ModelInferResponse> later = new CompletableFuture<>();
        timer.schedule(() -> later.complete(response), settings.latencyMs(), TimeUnit.MILLISECONDS);
        return later;
    }

    private ModelInferResponse classify(String name, String version, ModelInferRequest request) throws TritonError {
        if (request.getInputsCount() != 1 || !request.getInputs(0).getName().equals(INPUT)) {
            throw TritonError.invalid("expected 1 inputs but got " + request.getInputsCount()
                    + " inputs for model '" + name + "'; the input is '" + INPUT + "'");
        }
        var input = request.getInputs(0);
        if (!input.getDatatype().equals("FP32")) {
            throw TritonError.invalid("inference input '" + INPUT + "' data-type is '" + input.getDatatype()
                    + "', but model '" + name + "' expects 'FP32'");
        }
        List<Long> shape = input.getShapeList();
        int h = settings.height();
        int w = settings.width();
        if (shape.size() != 4 || shape.get(1) != 3 || shape.get(2) != h || shape.get(3) != w || shape.get(0) < 1) {
            throw TritonError.invalid("unexpected shape for input '" + INPUT + "' for model '" + name
                    + "'. Expected [-1,3," + h + "," + w + "], got " + shape.toString().replace(" ", ""));
        }
        int batch = Math.toIntExact(shape.get(0));
        if (batch > maxBatchSize) {
            throw TritonError.invalid("inference request batch-size must be <= " + maxBatchSize + " for '" + name
                    + "'");
        }
        FloatReader values = values(request, input, batch * 3 * h * w);
        int classification = classification(request, name);
        float[][] probabilities = new float[batch][];
        float[][] pixels = new float[h * w][3];
        for (int b = 0; b < batch; b++) {
            int base = b * 3 * h * w;
            for (int c = 0; c < 3; c++) {
                float mean = settings.mean().get(c).floatValue();
                float std = settings.std().get(c).floatValue();
                for (int i = 0; i < h * w; i++) {
                    pixels[i][c] = values.get(base + c * h * w + i) * std + mean;
                }
            }
            double[] logits = settings.decides().equals(ImageClassifierSettings.OBJECT_SHAPE)
                    ? ImageRules.objectShape(pixels, w, h, fillRatios)
                    : ImageRules.backgroundColour(pixels, w, h, backgrounds);
            probabilities[b] = ImageRules.softmax(logits);
        }
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(name)
                .setModelVersion(version)
                .setId(request.getId());
        if (classification > 0) {
            return response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(OUTPUT)
                            .setDatatype("BYTES").addShape(batch).addShape(classification))
                    .addRawOutputContents(topClasses(probabilities, classification)).build();
        }
        ByteBuffer out = ByteBuffer.allocate(batch * settings.classes().size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : probabilities) {
            for (float p : row) {
                out.putFloat(p);
            }
        }
        return response.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(OUTPUT)
                        .setDatatype("FP32").addShape(batch).addShape(settings.classes().size()))
                .addRawOutputContents(ByteString.copyFrom(out.flip())).build();
    }

    /**
     * The classification extension's k of the requested output (0 without it), at most the number of classes as
     * Triton clamps it.
     */
    private int classification(ModelInferRequest request, String name) throws TritonError {
        for (var output : request.getOutputsList()) {
            if (!output.getName().equals(OUTPUT)) {
                throw TritonError.invalid("unexpected inference output '" + output.getName() + "' for model '"
                        + name + "'");
            }
            var k = output.getParametersMap().get(CLASSIFICATION);
            if (k != null) {
                if (k.getInt64Param() < 1) {
                    throw TritonError.invalid("parameter '" + CLASSIFICATION + "' of output '" + OUTPUT
                            + "' must be an int64 >= 1, got " + k);
                }
                return (int) Math.min(k.getInt64Param(), settings.classes().size());
            }
        }
        return 0;
    }

    /** Per image, its k most probable classes as Triton writes them: "value:index:label", BYTES elements. */
    private ByteString topClasses(float[][] probabilities, int k) {
        ByteString.Output out = ByteString.newOutput();
        for (float[] row : probabilities) {
            Integer[] order = new Integer[row.length];
            for (int i = 0; i < row.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
            for (int i = 0; i < k; i++) {
                byte[] text = String.format(Locale.ROOT, "%f:%d:%s", row[order[i]], order[i],
                        settings.classes().get(order[i])).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(text.length).array(), 0, 4);
                out.write(text, 0, text.length);
            }
        }
        return out.toByteString();
    }

    private interface FloatReader {
        float get(int index);
    }

    /** The input's values, raw (raw_input_contents) or typed (contents.fp32_contents), as Triton accepts both. */
    private static FloatReader values(ModelInferRequest request, ModelInferRequest.InferInputTensor input,
                                      int expected) throws TritonError {
        if (request.getRawInputContentsCount() > 0) {
            ByteBuffer raw = request.getRawInputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != expected * 4) {
                throw TritonError.invalid("unexpected total byte size " + raw.remaining() + " for input '" + INPUT
                        + "', expecting " + expected * 4);
            }
            float[] values = new float[expected];
            raw.asFloatBuffer().get(values);
            return index -> values[index];
        }
        List<Float> typed = input.getContents().getFp32ContentsList();
        if (typed.size() != expected) {
            throw TritonError.invalid("unexpected number of elements " + typed.size() + " for input '" + INPUT
                    + "', expecting " + expected);
        }
        return typed::get;
    }

    private static float[] colour(String hex) {
        if (!hex.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("background colour must be #rrggbb, got " + hex);
        }
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return new float[] {((rgb >> 16) & 0xFF) / 255f, ((rgb >> 8) & 0xFF) / 255f, (rgb & 0xFF) / 255f};
    }

    private static String join(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%s", v)).collect(Collectors.joining(","));
    }

    private static void parameter(ModelConfig.Builder config, String key, String value) {
        config.putParameters(key, ModelParameter.newBuilder().setStringValue(value).build());
    }

    @Override
    public String backendName() {
        return BACKEND_NAME;
    }

    @Override
    public void close() {
        // nothing held
    }
}
