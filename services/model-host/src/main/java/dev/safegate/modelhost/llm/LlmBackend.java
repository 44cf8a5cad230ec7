package dev.safegate.modelhost.llm;

import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.repository.ServedBackend;
import java.util.Map;
import java.util.Set;

/** A language model that generates text for one request at a time, or many at once; one instance per version. */
public interface LlmBackend extends ServedBackend {

    /**
     * Starts generating. Never blocks the calling (gRPC) thread for the length of a generation: the sink is called
     * later, from the backend's own threads, or at once when the backend has nothing to wait for. The sink's calls
     * for one request never overlap.
     *
     * @throws TritonError when the request cannot be served (bad white-box parameter, queue full)
     */
    Generation generate(LlmRequest request, TokenSink sink) throws TritonError;

    /** White-box request parameters this model honours; every other one is refused. None: a black-box model. */
    default Set<String> whiteBoxParameters() {
        return Set.of();
    }

    /** Parameters served in the model's configuration: chat template, special tokens, tokenizer facts. */
    Map<String, String> configParameters();

    /** Triton's backend name for this model, served in its configuration and metadata. */
    String backendName();

    @Override
    void close();

    /** A running generation. */
    interface Generation {
        Generation DONE = () -> { };

        /** Stops generating: no further sink calls after the one in progress. */
        void cancel();
    }

    /** Receives a generation's output. */
    interface TokenSink {
        /** The prompt was read: called once, before any token. */
        void started(int inputTokens);

        /** One output token (its text may be empty or part of a character for real tokenizers). */
        void token(String text);

        /** White-box output tensors, sent with the request's last response; called at most once, before finished. */
        default void outputs(java.util.List<OutputTensor> tensors) {
            throw new UnsupportedOperationException("this sink takes no output tensors");
        }

        /** The generation ended after its last token. */
        void finished(FinishReason reason);

        void failed(TritonError error);
    }

    /** Why a generation ended, as vLLM names it. */
    enum FinishReason {
        STOP("stop"), LENGTH("length");

        private final String vllmName;

        FinishReason(String vllmName) {
            this.vllmName = vllmName;
        }

        public String vllmName() {
            return vllmName;
        }
    }
}
