package dev.safegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.Preprocessing;
import dev.safegate.proto.inference.DataType;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelInput;
import dev.safegate.proto.inference.ModelOutput;
import dev.safegate.proto.inference.ModelParameter;
import dev.safegate.triton.TritonImageModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What SafeGate reads from an image classifier's Triton ModelConfig: layout, size, class names or their label file. */
class TritonImageModelTest {

    private static ModelConfig.Builder classifier(ModelInput.Format format, DataType type, List<Long> dims) {
        return ModelConfig.newBuilder().setName("resnet").setMaxBatchSize(8)
                .addInput(ModelInput.newBuilder().setName("input").setDataType(type).setFormat(format).addAllDims(dims))
                .addOutput(ModelOutput.newBuilder().setName("scores").setDataType(DataType.TYPE_FP32).addDims(1000));
    }

    @Test
    void classNamesComeFromTheClassesParameterAndTheLayoutFromTheInput() {
        ModelConfig config = classifier(ModelInput.Format.FORMAT_NHWC, DataType.TYPE_UINT8, List.of(224L, 200L, 3L))
                .putParameters("classes", ModelParameter.newBuilder().setStringValue("cat,dog").build()).build();

        TritonImageModel model = TritonImageModel.of(config, "2", InputOverrides.NONE);

        assertEquals(List.of("cat", "dog"), model.classNames());
        assertEquals(Preprocessing.Layout.NHWC, model.preprocessing().layout());
        assertEquals(200, model.preprocessing().width());
        assertEquals(224, model.preprocessing().height());
        assertEquals("UINT8", model.inputDatatype());
        assertEquals(0, TritonImageModel.labelledClasses(config), "no label file declared");
    }

    @Test
    void aLabelFileOnAFixedSizeOutputIsReadForAllItsClasses() {
        ModelConfig.Builder config = classifier(ModelInput.Format.FORMAT_NCHW, DataType.TYPE_FP32,
                List.of(3L, 224L, 224L));
        config.setOutput(0, config.getOutput(0).toBuilder().setLabelFilename("imagenet_labels.txt"));
        assertEquals(1000, TritonImageModel.labelledClasses(config.build()));
        assertEquals(List.of(), TritonImageModel.of(config.build(), "", InputOverrides.NONE).classNames());

        config.setOutput(0, config.getOutput(0).toBuilder().clearDims().addDims(-1));
        assertEquals(0, TritonImageModel.labelledClasses(config.build()), "a variable class count cannot be asked for");
    }

    @Test
    void aTextModelIsNoImageClassifier() {
        ModelConfig text = classifier(ModelInput.Format.FORMAT_NONE, DataType.TYPE_STRING, List.of(1L)).build();
        assertThrows(IllegalArgumentException.class, () -> TritonImageModel.of(text, "", InputOverrides.NONE));
    }
}
