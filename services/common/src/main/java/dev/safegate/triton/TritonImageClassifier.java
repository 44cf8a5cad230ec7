package dev.safegate.triton;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.safegate.core.image.BatchClassifier;
import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.Preprocessing;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An image classifier on Triton as the image audit sees it: each batch is one ModelInfer request with the images'
 * tensors as raw little-endian contents (FP32, or UINT8 for a model that takes raw pixels), and the answer's class
 * scores as probabilities (softmax applied where the model declares logits). Needs only gRPC and the protocol, so the
 * command line uses it without any service framework.
 */
public final class TritonImageClassifier implements BatchClassifier {
    private final TritonClient client;
    private final TritonImageModel model;
    private final Duration timeout;

    public TritonImageClassifier(TritonClient client, TritonImageModel model, Duration timeout) {
        this.client = client;
        this.model = model;
        this.timeout = timeout;
    }

    /**
     * Reads the model's configuration and makes its classifier; where the configuration names no classes but the
     * output has a label file, one classification request of a blank image reads the labels.
     */
    public static CompletableFuture<TritonImageClassifier> of(TritonClient client, String name, String version,
                                                              InputOverrides overrides, Duration timeout) {
        return client.modelConfig(name, version == null ? "" : version, timeout).thenCompose(config -> {
            var classifier = new TritonImageClassifier(client, TritonImageModel.of(config, version, overrides),
                    timeout);
            int labelled = TritonImageModel.labelledClasses(config);
            return classifier.classNames().isEmpty() && labelled > 0
                    ? classifier.withLabels(labelled)
                    : CompletableFuture.completedFuture(classifier);
        });
    }

    private CompletableFuture<TritonImageClassifier> withLabels(int classes) {
        ModelInferRequest blank = ClassificationLabels.request(
                request(new float[model.preprocessing().tensorLength()], 1), model.outputName(), classes);
        return client.infer(blank, timeout).thenApply(response -> new TritonImageClassifier(client,
                model.withClassNames(ClassificationLabels.read(response, model.outputName(), classes)), timeout));
    }

    public TritonImageModel model() {
        return model;
    }

    @Override
    public Preprocessing preprocessing() {
        return model.preprocessing();
    }

    @Override
    public int maxBatchSize() {
        return model.batchDimension() ? model.maxBatchSize() : 1;
    }

    @Override
    public List<String> classNames() {
        return model.classNames();
    }

    @Override
    public CompletableFuture<float[][]> classify(float[] tensors, int batch) {
        return client.infer(request(tensors, batch), timeout).thenApply(response -> probabilities(response, batch));
    }

    /** The ModelInfer request of one batch (also what a bare client sends in the benchmark). */
    public ModelInferRequest request(float[] tensors, int batch) {
        Preprocessing p = model.preprocessing();
        int length = p.tensorLength();
        if (batch < 1 || batch > maxBatchSize() || tensors.length < batch * length) {
            throw new IllegalArgumentException("a batch of " + batch + " images needs " + batch * length
                    + " values and at most " + maxBatchSize() + " images, got " + tensors.length + " values");
        }
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(model.inputName()).setDatatype(model.inputDatatype());
        if (model.batchDimension()) {
            input.addShape(batch);
        }
        if (p.layout() == Preprocessing.Layout.NCHW) {
            input.addShape(3).addShape(p.height()).addShape(p.width());
        } else {
            input.addShape(p.height()).addShape(p.width()).addShape(3);
        }
        return ModelInferRequest.newBuilder()
                .setModelName(model.name())
                .setModelVersion(model.version())
                .addInputs(input)
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(model.outputName()))
                .addRawInputContents(encode(tensors, batch * length))
                .build();
    }

    /** The first {@code length} values as raw contents; the array is wrapped, not copied again, by the ByteString. */
    private ByteString encode(float[] tensors, int length) {
        if (model.inputDatatype().equals("UINT8")) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) Math.clamp(Math.round(tensors[i]), 0, 255);
            }
            return UnsafeByteOperations.unsafeWrap(bytes);
        }
        byte[] bytes = new byte[length * 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(tensors, 0, length);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    private float[][] probabilities(ModelInferResponse response, int batch) {
        int index = -1;
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(model.outputName())) {
                index = i;
            }
        }
        if (index < 0) {
            throw new TritonException(io.grpc.Status.Code.INTERNAL, "the answer of '" + model.name()
                    + "' has no output '" + model.outputName() + "'");
        }
        float[] values;
        if (response.getRawOutputContentsCount() > index) {
            ByteBuffer raw = response.getRawOutputContents(index).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            values = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(values);
        } else {
            List<Float> typed = response.getOutputs(index).getContents().getFp32ContentsList();
            values = new float[typed.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = typed.get(i);
            }
        }
        if (values.length == 0 || values.length % batch != 0) {
            throw new TritonException(io.grpc.Status.Code.INTERNAL, "the answer of '" + model.name() + "' has "
                    + values.length + " scores for " + batch + " images");
        }
        int classes = values.length / batch;
        float[][] rows = new float[batch][classes];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(values, b * classes, rows[b], 0, classes);
            if (model.logits()) {
                softmax(rows[b]);
            }
        }
        return rows;
    }

    private static void softmax(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (row[i] / sum);
        }
    }
}
