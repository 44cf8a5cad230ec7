package dev.safegate.triton;

import dev.safegate.proto.inference.InferParameter;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.proto.inference.ModelInferResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class names of a Triton classifier whose output declares a {@code label_filename}. Triton reads that file
 * itself and hands its labels out only through the classification extension: a requested output with the parameter
 * {@code classification = k} answers BYTES [batch, k], the top k classes as "value:index:label". Asking for every
 * class of one image therefore gives the whole list, indexed by class.
 */
public final class ClassificationLabels {
    public static final String PARAMETER = "classification";

    private ClassificationLabels() {
    }

    /** The request for one image (the given tensor) that asks for all {@code classes} as labelled classifications. */
    public static ModelInferRequest request(ModelInferRequest oneImage, String output, int classes) {
        return oneImage.toBuilder()
                .clearOutputs()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(output)
                        .putParameters(PARAMETER, InferParameter.newBuilder().setInt64Param(classes).build()))
                .build();
    }

    /**
     * The labels by class index, from the answer to {@link #request}.
     *
     * @throws IllegalArgumentException when an element is not "value:index:label" or an index is out of range or
     *                                  missing (the server sent fewer classes than asked, or none labelled)
     */
    public static List<String> read(ModelInferResponse response, String output, int classes) {
        List<String> elements = elements(response, output);
        String[] labels = new String[classes];
        for (String element : elements) {
            String[] parts = element.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("classification '" + element + "' of output '" + output
                        + "' carries no label (expected value:index:label)");
            }
            int index;
            try {
                index = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("classification '" + element + "' has no class index", e);
            }
            if (index < 0 || index >= classes) {
                throw new IllegalArgumentException("classification '" + element + "' names class " + index
                        + " of a " + classes + "-class output");
            }
            labels[index] = parts[2];
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            if (labels[i] == null) {
                missing.add(Integer.toString(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the classification of output '" + output + "' left classes "
                    + missing + " without a label");
        }
        return Arrays.asList(labels);
    }

    private static List<String> elements(ModelInferResponse response, String output) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            var tensor = response.getOutputs(i);
            if (tensor.getName().equals(output)) {
                if (!tensor.getDatatype().equals("BYTES")) {
                    throw new IllegalArgumentException("the classification of output '" + output + "' is "
                            + tensor.getDatatype() + ", not BYTES");
                }
                return response.getRawOutputContentsCount() > i
                        ? Tensors.strings(response.getRawOutputContents(i))
                        : tensor.getContents().getBytesContentsList().stream().map(b -> b.toStringUtf8()).toList();
            }
        }
        throw new IllegalArgumentException("the answer has no output '" + output + "'");
    }
}
