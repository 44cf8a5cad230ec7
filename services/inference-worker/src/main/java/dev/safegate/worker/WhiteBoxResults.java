package dev.safegate.worker;

import dev.safegate.core.condition.ActivationsCondition;
import dev.safegate.core.condition.CanonicalJson;
import dev.safegate.proto.v1.LayerActivation;
import dev.safegate.proto.v1.WhiteBox;
import dev.safegate.triton.TextResult;
import dev.safegate.triton.WhiteBoxOutputs;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a generation carries of the model's internals: for reference_kl, the answer's tokens with their
 * log-probabilities under the model and under the reference; for activations, the captured residuals by layer.
 * Outputs that do not fit together are a {@link PromptException} (the task's ERROR generation says why): log-probs
 * of different tokens cannot be subtracted, so a reference that tokenizes the answer differently is an error, never
 * a silently shifted curve.
 */
final class WhiteBoxResults {
    private WhiteBoxResults() {
    }

    /** Empty for a plan that asked for no white-box output. */
    static Optional<WhiteBox> of(PromptPlan plan, TextResult own, TextResult reference) {
        Object capture = plan.parameters().get(ActivationsCondition.REQUEST_PARAMETER);
        if (plan.reference() == null && capture == null) {
            return Optional.empty();
        }
        WhiteBox.Builder whiteBox = WhiteBox.newBuilder();
        if (plan.reference() != null) {
            logProbs(whiteBox, own.whiteBox(), reference);
        }
        if (capture != null) {
            activations(whiteBox, layers((String) capture), own.whiteBox().activations());
        }
        return Optional.of(whiteBox.build());
    }

    private static void logProbs(WhiteBox.Builder whiteBox, WhiteBoxOutputs own, TextResult reference) {
        WhiteBoxOutputs scored = reference.whiteBox();
        if (own.tokenIds().length != own.tokenLogprobs().length) {
            throw mismatch("the model sent " + own.tokenIds().length + " answer tokens but "
                    + own.tokenLogprobs().length + " log-probabilities (did it honour return_token_logprobs?)");
        }
        if (scored.tokenIds().length != scored.tokenLogprobs().length) {
            throw mismatch("the reference sent " + scored.tokenIds().length + " scored tokens but "
                    + scored.tokenLogprobs().length + " log-probabilities");
        }
        if (!Arrays.equals(own.tokenIds(), scored.tokenIds())) {
            throw mismatch(own.tokenIds().length != scored.tokenIds().length
                    ? "the reference " + reference.servedModel() + " scored " + scored.tokenIds().length
                            + " tokens of the answer, the model generated " + own.tokenIds().length
                    : "the reference " + reference.servedModel() + " tokenized the answer differently from position "
                            + firstDifference(own.tokenIds(), scored.tokenIds()));
        }
        Arrays.stream(own.tokenIds()).forEach(whiteBox::addTokenIds);
        for (float logprob : own.tokenLogprobs()) {
            whiteBox.addTokenLogprobs(logprob);
        }
        for (float logprob : scored.tokenLogprobs()) {
            whiteBox.addReferenceLogprobs(logprob);
        }
        whiteBox.setReferenceModel(reference.servedModel() + "@" + reference.servedVersion());
    }

    private static void activations(WhiteBox.Builder whiteBox, List<Integer> layers, float[][] rows) {
        if (rows.length != layers.size()) {
            throw mismatch("asked for the activations of layers " + layers + ", the model sent " + rows.length
                    + " rows");
        }
        for (int i = 0; i < rows.length; i++) {
            LayerActivation.Builder layer = LayerActivation.newBuilder().setLayer(layers.get(i));
            for (float value : rows[i]) {
                layer.addValues(value);
            }
            whiteBox.addActivations(layer);
        }
    }

    private static List<Integer> layers(String captureLayers) {
        return CanonicalJson.readList(captureLayers).stream().map(v -> ((Number) v).intValue()).toList();
    }

    private static int firstDifference(long[] a, long[] b) {
        return Arrays.mismatch(a, b);
    }

    private static PromptException mismatch(String message) {
        return new PromptException(PromptException.WHITE_BOX, message, null);
    }
}
