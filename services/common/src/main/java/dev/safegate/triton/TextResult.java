package dev.safegate.triton;

/**
 * What the model answered.
 *
 * @param finishReason as reported by the server (vLLM's {@code finish_reason} output), else null
 * @param inputTokens as reported by the server, else -1
 * @param outputTokens as reported by the server, else -1
 * @param servedModel model name as the server answered it
 * @param servedVersion model version as the server answered it (the version actually used)
 * @param whiteBox the white-box output tensors, {@link WhiteBoxOutputs#NONE} when none were sent
 */
public record TextResult(String text, String finishReason, int inputTokens, int outputTokens,
        String servedModel, String servedVersion, WhiteBoxOutputs whiteBox) {
}
