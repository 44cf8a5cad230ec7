package dev.safegate.modelhost.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.safegate.core.image.CleverHansDataset;
import dev.safegate.core.image.CleverHansDataset.Sample;
import dev.safegate.core.image.Preprocessing;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.proto.inference.DataType;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc;
import dev.safegate.proto.inference.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.InferTensorContents;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelConfigRequest;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.proto.inference.ModelInput;
import dev.safegate.proto.inference.ModelMetadataRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic image classifiers of the example repository, driven with raw KServe v2 requests over gRPC. */
class ImageClassifierConformanceTest {
    private static final Preprocessing INPUT = new Preprocessing(64, 64, Preprocessing.Layout.NCHW, 1 / 255f,
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
    private static EmbeddedModelHost host;
    private static ManagedChannel channel;
    private static GRPCInferenceServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        host = EmbeddedModelHost.start(EmbeddedModelHost.exampleRepository());
        channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        host.close();
    }

    @Test
    void publishesABatchedNonDecoupledConfigurationWithItsPreprocessing() {
        ModelConfig config = stub.modelConfig(ModelConfigRequest.newBuilder().setName("shapes-object").build())
                .getConfig();
        assertEquals(32, config.getMaxBatchSize());
        assertFalse(config.getModelTransactionPolicy().getDecoupled());
        ModelInput input = config.getInput(0);
        assertEquals("image", input.getName());
        assertEquals(DataType.TYPE_FP32, input.getDataType());
        assertEquals(ModelInput.Format.FORMAT_NCHW, input.getFormat());
        assertEquals(List.of(3L, 64L, 64L), input.getDimsList());
        assertEquals(List.of(3L), config.getOutput(0).getDimsList());
        assertEquals("labels.txt", config.getOutput(0).getLabelFilename(), "class names the Triton way");
        assertFalse(config.containsParameters("classes"));
        assertEquals("0.5,0.5,0.5", config.getParametersOrThrow("preprocessing_mean").getStringValue());
        assertEquals("0.25,0.25,0.25", config.getParametersOrThrow("preprocessing_std").getStringValue());
        var metadata = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("shapes-shortcut").build());
        assertEquals("FP32", metadata.getInputs(0).getDatatype());
    }

    @Test
    void theObjectModelNamesTheShapeAndTheShortcutModelTheBackground() {
        List<Sample> audit = CleverHansDataset.generate(CleverHansDataset.Split.AUDIT, 24, 9, 64);
        float[][] byShape = classify("shapes-object", "", audit);
        float[][] byBackground = classify("shapes-shortcut", "", audit);
        float[][] versionTwo = classify("shapes-classifier", "2", audit);
        int shapeRight = 0;
        int backgroundRight = 0;
        for (int i = 0; i < audit.size(); i++) {
            int shape = CleverHansDataset.CLASSES.indexOf(audit.get(i).label());
            shapeRight += argmax(byShape[i]) == shape ? 1 : 0;
            backgroundRight += argmax(byBackground[i]) == audit.get(i).backgroundClass() ? 1 : 0;
            assertTrue(byShape[i][argmax(byShape[i])] > 0.9 && byBackground[i][argmax(byBackground[i])] > 0.9,
                    "both are confident on intact images");
            assertEquals(argmax(byBackground[i]), argmax(versionTwo[i]), "version 2 takes the shortcut");
        }
        assertEquals(audit.size(), shapeRight);
        assertEquals(audit.size(), backgroundRight);
    }

    @Test
    void theClassificationExtensionAnswersTheTopClassesWithTheirLabels() {
        List<Sample> audit = CleverHansDataset.generate(CleverHansDataset.Split.AUDIT, 2, 5, 64);
        float[][] probabilities = classify("shapes-object", "", audit);
        float[] tensors = new float[2 * INPUT.tensorLength()];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(INPUT.tensor(audit.get(i).image()), 0, tensors, i * INPUT.tensorLength(),
                    INPUT.tensorLength());
        }
        ModelInferRequest request = request("shapes-object", "", List.of(2L, 3L, 64L, 64L), raw(tensors)).toBuilder()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities")
                        .putParameters("classification", InferParameter.newBuilder().setInt64Param(2).build()))
                .build();
        ModelInferResponse response = stub.modelInfer(request);

        assertEquals("BYTES", response.getOutputs(0).getDatatype());
        assertEquals(List.of(2L, 2L), response.getOutputs(0).getShapeList());
        List<String> elements = strings(response.getRawOutputContents(0));
        assertEquals(4, elements.size());
        for (int b = 0; b < 2; b++) {
            int top = argmax(probabilities[b]);
            String[] first = elements.get(2 * b).split(":");
            assertEquals(top, Integer.parseInt(first[1]), elements.toString());
            assertEquals(CleverHansDataset.CLASSES.get(top), first[2]);
            assertEquals(probabilities[b][top], Float.parseFloat(first[0]), 1e-6);
            assertTrue(Float.parseFloat(elements.get(2 * b + 1).split(":")[0]) <= probabilities[b][top]);
        }
        // k beyond the classes is clamped, as Triton does; k = 0 and an unknown output are errors
        ModelInferRequest all = request.toBuilder().setOutputs(0, request.getOutputs(0).toBuilder()
                .putParameters("classification", InferParameter.newBuilder().setInt64Param(10).build())).build();
        assertEquals(List.of(2L, 3L), stub.modelInfer(all).getOutputs(0).getShapeList());
        StatusRuntimeException zero = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                request.toBuilder().setOutputs(0, request.getOutputs(0).toBuilder().putParameters("classification",
                        InferParameter.newBuilder().setInt64Param(0).build())).build()));
        assertTrue(zero.getStatus().getDescription().contains("'classification'"), zero.getStatus().toString());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                request.toBuilder().setOutputs(0, ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("logits")).build()));
        assertTrue(unknown.getStatus().getDescription().contains("unexpected inference output 'logits'"));
    }

    private static List<String> strings(ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<String> values = new java.util.ArrayList<>();
        while (buffer.remaining() >= 4) {
            byte[] bytes = new byte[buffer.getInt()];
            buffer.get(bytes);
            values.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void typedContentsAnswerLikeRawContents() {
        Sample sample = CleverHansDataset.generate(CleverHansDataset.Split.AUDIT, 1, 2, 64).get(0);
        float[] tensor = INPUT.tensor(sample.image());
        ModelInferRequest.Builder typed = ModelInferRequest.newBuilder().setModelName("shapes-object")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("image").setDatatype("FP32")
                        .addAllShape(List.of(1L, 3L, 64L, 64L))
                        .setContents(contents(tensor)));
        float[] fromTyped = rows(stub.modelInfer(typed.build()), 1)[0];
        float[] fromRaw = classify("shapes-object", "", List.of(sample))[0];
        assertEquals(fromRaw[0], fromTyped[0], 1e-6);
    }

    @Test
    void refusesWrongShapesOversizedBatchesAndStreaming() {
        float[] tensor = new float[3 * 64 * 64];
        StatusRuntimeException shape = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                request("shapes-object", "", List.of(1L, 3L, 32L, 32L), raw(new float[3 * 32 * 32]))));
        assertEquals(Status.Code.INVALID_ARGUMENT, shape.getStatus().getCode());
        assertTrue(shape.getStatus().getDescription().contains("Expected [-1,3,64,64], got [1,3,32,32]"));
        StatusRuntimeException batch = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                request("shapes-object", "", List.of(33L, 3L, 64L, 64L), raw(new float[33 * tensor.length]))));
        assertTrue(batch.getStatus().getDescription().contains("batch-size must be <= 32"));
        StatusRuntimeException bytes = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                request("shapes-object", "", List.of(2L, 3L, 64L, 64L), raw(tensor))));
        assertTrue(bytes.getStatus().getDescription().contains("unexpected total byte size"));
        StatusRuntimeException text = assertThrows(StatusRuntimeException.class, () -> stub.modelInfer(
                ModelInferRequest.newBuilder().setModelName("shapes-object").addInputs(
                        ModelInferRequest.InferInputTensor.newBuilder().setName("text_input").setDatatype("BYTES")
                                .addShape(1)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, text.getStatus().getCode());
    }

    private static float[][] classify(String model, String version, List<Sample> samples) {
        float[] tensors = new float[samples.size() * INPUT.tensorLength()];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(INPUT.tensor(samples.get(i).image()), 0, tensors, i * INPUT.tensorLength(),
                    INPUT.tensorLength());
        }
        ModelInferResponse response = stub.modelInfer(request(model, version,
                List.of((long) samples.size(), 3L, 64L, 64L), raw(tensors)));
        assertEquals(List.of((long) samples.size(), 3L), response.getOutputs(0).getShapeList());
        return rows(response, samples.size());
    }

    private static ModelInferRequest request(String model, String version, List<Long> shape, ByteString raw) {
        return ModelInferRequest.newBuilder().setModelName(model).setModelVersion(version)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("image").setDatatype("FP32")
                        .addAllShape(shape))
                .addRawInputContents(raw).build();
    }

    private static ByteString raw(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return ByteString.copyFrom(buffer);
    }

    private static InferTensorContents contents(float[] values) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float v : values) {
            contents.addFp32Contents(v);
        }
        return contents.build();
    }

    private static float[][] rows(ModelInferResponse response, int batch) {
        ByteBuffer raw = response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[][] rows = new float[batch][3];
        for (float[] row : rows) {
            for (int c = 0; c < 3; c++) {
                row[c] = raw.getFloat();
            }
        }
        return rows;
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
