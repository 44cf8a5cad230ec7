package dev.safegate.modelhost.transformers;

import dev.safegate.modelhost.llm.LlmBackend.FinishReason;
import dev.safegate.modelhost.llm.LlmBackend.TokenSink;
import dev.safegate.modelhost.llm.LlmTensors;
import dev.safegate.modelhost.llm.OutputTensor;
import dev.safegate.modelhost.llm.SamplingParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One request in the decode loop: its prompt (or prompt and continuation to score), KV cache, sampler and the
 * tokens generated so far. Its first forward pass reads the whole prompt; each later one reads the last token.
 * Used by the decode loop's thread only, after it is queued (except {@link #cancel()}).
 */
final class Sequence implements DecoderModel.Slot, AutoCloseable {
    private final long[] prompt;
    private final long[] continuation;
    private final WhiteBoxOptions options;
    private final SamplingParameters sampling;
    private final Set<Long> eos;
    private final int contextSize;
    private final TokenSink sink;
    private final Sampler sampler;
    private final TextStream text;
    private DecoderModel.KvCache cache;
    private final List<Long> generated = new ArrayList<>();
    private final List<Float> logprobs = new ArrayList<>();
    private float[][] activations;
    private volatile boolean cancelled;

    Sequence(long[] prompt, long[] continuation, WhiteBoxOptions options, SamplingParameters sampling, Set<Long> eos,
            int contextSize, TokenSink sink, TextStream text) {
        this.prompt = prompt;
        this.continuation = continuation;
        this.options = options;
        this.sampling = sampling;
        this.eos = eos;
        this.contextSize = contextSize;
        this.sink = sink;
        this.sampler = new Sampler(sampling);
        this.text = text;
    }

    /** Gives the sequence its cache row when the decode loop admits it. */
    void attach(DecoderModel.KvCache row) {
        this.cache = row;
    }

    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    TokenSink sink() {
        return sink;
    }

    @Override
    public DecoderModel.KvCache cache() {
        return cache;
    }

    @Override
    public long[] tokens() {
        if (cache.length() > 0) {
            return new long[] {generated.getLast()};
        }
        if (continuation == null) {
            return prompt;
        }
        long[] all = java.util.Arrays.copyOf(prompt, prompt.length + continuation.length);
        System.arraycopy(continuation, 0, all, prompt.length, continuation.length);
        return all;
    }

    @Override
    public int exitLayer() {
        return options.exitLayer();
    }

    @Override
    public int steeringLayer() {
        return options.steeringLayer();
    }

    @Override
    public float[] steering() {
        return options.steering();
    }

    @Override
    public int[] captureLayers() {
        return cache.length() == 0 ? options.captureLayers() : new int[0];
    }

    @Override
    public int logitRows() {
        // Scoring: the logits before each continuation token (the last prompt token's predicts the first).
        return cache.length() == 0 && continuation != null ? continuation.length + 1 : 1;
    }

    /** Takes this sequence's output of a forward pass; true when the sequence is finished. */
    boolean advance(DecoderModel.Output output) {
        if (activations == null) {
            activations = output.captured(); // the first pass read the prompt: its captures are the ones asked for
        }
        if (continuation != null) {
            for (int i = 0; i < continuation.length; i++) {
                generated.add(continuation[i]);
                logprobs.add(Sampler.logProbability(output.logits()[i], (int) continuation[i]));
            }
            finish(FinishReason.STOP);
            return true;
        }
        float[] logits = output.logits()[output.logits().length - 1];
        int token = sampler.next(logits);
        if (eos.contains((long) token)) {
            finish(FinishReason.STOP);
            return true;
        }
        generated.add((long) token);
        if (options.returnTokenLogprobs()) {
            logprobs.add(Sampler.logProbability(logits, token)); // a pass over the vocabulary: only when asked
        }
        sink.token(text.add(token));
        if (generated.size() >= sampling.maxTokens() || cache.length() >= contextSize) {
            finish(FinishReason.LENGTH);
            return true;
        }
        return false;
    }

    private void finish(FinishReason reason) {
        List<OutputTensor> tensors = new ArrayList<>();
        if (options.captureLayers().length > 0) {
            tensors.add(OutputTensor.fp32(LlmTensors.ACTIVATIONS,
                    List.of((long) activations.length, (long) activations[0].length), activations));
        }
        if (options.returnTokenLogprobs() || continuation != null) {
            float[] values = new float[logprobs.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = logprobs.get(i);
            }
            tensors.add(OutputTensor.int64(LlmTensors.PROMPT_TOKEN_IDS, prompt));
            tensors.add(OutputTensor.int64(LlmTensors.TOKEN_IDS, generated.stream().mapToLong(Long::longValue).toArray()));
            tensors.add(OutputTensor.fp32(LlmTensors.TOKEN_LOGPROBS, List.of((long) values.length), values));
        }
        if (!tensors.isEmpty()) {
            sink.outputs(tensors);
        }
        sink.finished(reason);
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
