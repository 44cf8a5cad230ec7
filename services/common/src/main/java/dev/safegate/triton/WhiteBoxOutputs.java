package dev.safegate.triton;

/**
 * The white-box output tensors of one generation or scoring (proto/README.md, "The white-box contract"); each is
 * empty when the server did not send it.
 *
 * @param promptTokenIds {@code prompt_token_ids}: the prompt as the model tokenized it
 * @param tokenIds {@code token_ids}: the generated (or scored) tokens, end of sequence excluded
 * @param tokenLogprobs {@code token_logprobs}: each of those tokens' log-probability
 * @param activations {@code activations} [captured layers, hidden]: one row per layer of {@code capture_layers}, in
 *        the order asked
 */
public record WhiteBoxOutputs(long[] promptTokenIds, long[] tokenIds, float[] tokenLogprobs, float[][] activations) {
    public static final WhiteBoxOutputs NONE = new WhiteBoxOutputs(new long[0], new long[0], new float[0],
            new float[0][]);
}
