package dev.safegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.safegate.core.image.InputOverrides;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.proto.inference.InferTensorContents;
import dev.safegate.proto.inference.ModelInferResponse;
import dev.safegate.triton.ClassificationLabels;
import dev.safegate.triton.TritonClient;
import dev.safegate.triton.TritonImageClassifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Class names of a classifier that declares them as Triton does, in its output's label file: the client reads them
 * through the classification extension of the real model host, and a malformed classification answer is a clear
 * error rather than unnamed classes.
 */
class ClassificationLabelsTest {

    @Test
    void theClassifierReadsTheClassNamesOfALabelFileThroughTheClassificationExtension() {
        try (EmbeddedModelHost host = EmbeddedModelHost.start(EmbeddedModelHost.exampleRepository());
             TritonClient client = TritonClient.connect("127.0.0.1", host.port())) {
            TritonImageClassifier classifier = TritonImageClassifier.of(client, "shapes-object", "",
                    InputOverrides.NONE, Duration.ofSeconds(30)).join();

            assertEquals(List.of("circle", "square", "triangle"), classifier.classNames());
        }
    }

    @Test
    void answersWithoutLabelsOrWithMissingClassesAreErrors() {
        IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                () -> ClassificationLabels.read(answer("0.900000:1", "0.100000:0"), "probabilities", 2));
        assertTrue(unlabelled.getMessage().contains("carries no label"), unlabelled.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClassificationLabels.read(answer("0.900000:1:dog"), "probabilities", 2));
        assertTrue(missing.getMessage().contains("left classes [0] without a label"), missing.getMessage());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> ClassificationLabels.read(answer("0.9:5:dog", "0.1:0:cat"), "probabilities", 2));
        assertTrue(outOfRange.getMessage().contains("names class 5 of a 2-class output"), outOfRange.getMessage());
        // typed bytes_contents as well as raw contents; a label may hold a colon
        assertEquals(List.of("cat", "dog: husky"),
                ClassificationLabels.read(answer("0.9:1:dog: husky", "0.1:0:cat"), "probabilities", 2));
    }

    private static ModelInferResponse answer(String... elements) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (String element : elements) {
            contents.addBytesContents(ByteString.copyFromUtf8(element));
        }
        return ModelInferResponse.newBuilder().addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                .setName("probabilities").setDatatype("BYTES").addShape(1).addShape(elements.length)
                .setContents(contents)).build();
    }
}
