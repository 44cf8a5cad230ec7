package dev.safegate.modelhost.transformers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.llm.LlmBackend;
import dev.safegate.modelhost.llm.LlmRequest;
import dev.safegate.modelhost.llm.SamplingParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A decoder-only Hugging Face model served from its own folder, computed by DJL's PyTorch engine. One thread runs
 * the decode loop: each pass takes every request in flight (up to max_batch; newcomers read their prompt in the
 * same pass) and produces one token for each, so concurrent requests are decoded together. The white-box contract
 * (early exit, steering, capture, token log-probs, scoring) is {@link WhiteBoxOptions}.
 */
public final class TransformersBackend implements LlmBackend {
    private static final System.Logger LOG = System.getLogger(TransformersBackend.class.getName());

    private final DecoderModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final TransformersSettings settings;
    private final int contextSize;
    private final Map<String, String> configParameters;
    private final BlockingQueue<Sequence> waiting;
    private final Thread loop;
    private volatile boolean closed;

    public TransformersBackend(Path folder, TransformersSettings settings) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("model folder " + folder + " does not exist");
        }
        HfConfig config = HfConfig.read(folder.resolve("config.json"));
        HfTokenizerFiles files = HfTokenizerFiles.read(folder);
        if (files.maxId() >= config.vocabSize()) {
            throw new IOException(folder.resolve("tokenizer.json") + ": token id " + files.maxId()
                    + " does not fit the model's vocabulary (vocab_size " + config.vocabSize() + " in config.json)");
        }
        Safetensors weights = Safetensors.open(folder);
        this.settings = settings;
        int window = config.slidingWindow() > 0 ? config.slidingWindow() : Integer.MAX_VALUE;
        // Beyond Mistral's sliding window attention would need the window mask: the context stops there instead.
        this.contextSize = Math.min(settings.contextSize(), Math.min(config.maxPositions(), window));
        NDManager manager = PyTorchEngine.newManager(settings.threads());
        try {
            this.model = new DecoderModel(config, weights, manager, contextSize, settings.maxBatch());
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        this.tokenizer = HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"),
                Map.of("truncation", "false", "padding", "false"));
        this.configParameters = configParameters(config, files);
        this.waiting = new ArrayBlockingQueue<>(settings.queueSize());
        this.loop = new Thread(this::decodeLoop, "transformers-decode-" + folder.getFileName());
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public Generation generate(LlmRequest request, TokenSink sink) throws TritonError {
        WhiteBoxOptions options = WhiteBoxOptions.of(request, model.config());
        SamplingParameters sampling = request.sampling();
        // As vLLM: the prompt is tokenized with the tokenizer's special tokens (a BOS where the tokenizer adds one).
        long[] prompt = tokenizer.encode(request.prompt(), true, false).getIds();
        long[] continuation = options.scoreContinuation() == null ? null
                : tokenizer.encode(options.scoreContinuation(), false, false).getIds();
        if (prompt.length == 0) {
            throw TritonError.invalid("the prompt has no tokens");
        }
        int needed = prompt.length + (continuation != null ? continuation.length : sampling.maxTokens());
        if (needed > contextSize) {
            // Modelled on vLLM's message for the same condition.
            throw TritonError.invalid("This model's maximum context length is " + contextSize + " tokens. However, you "
                    + "requested " + needed + " tokens (" + prompt.length + " in the prompt, " + (needed - prompt.length)
                    + (continuation != null ? " to score)." : " in the completion)."));
        }
        Sequence sequence = new Sequence(prompt, continuation, options, sampling, model.config().eosTokenIds(),
                contextSize, sink, new TextStream(tokenizer));
        sink.started(prompt.length);
        if (!waiting.offer(sequence)) {
            throw TritonError.unavailable("model is busy: its request queue (" + waiting.size() + " waiting) is full");
        }
        return sequence::cancel;
    }

    /**
     * Each round: the sequences in flight produce one token each in one forward pass, then newly admitted ones read
     * their prompts (and produce their first token) in a second one, so that decoding passes bring one token per
     * sequence and take the batched attention path.
     */
    private void decodeLoop() {
        List<Sequence> active = new ArrayList<>();
        while (!closed) {
            List<Sequence> admitted = new ArrayList<>();
            try {
                if (active.isEmpty()) {
                    Sequence first = waiting.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    admitted.add(first);
                }
                waiting.drainTo(admitted, settings.maxBatch() - active.size() - admitted.size());
                admitted.forEach(sequence -> sequence.attach(model.newCache()));
                active = step(active);
                active.addAll(step(admitted));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                admitted.forEach(Sequence::close);
                break;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "transformers forward pass failed", e);
                for (Sequence sequence : concat(active, admitted)) {
                    sequence.sink().failed(TritonError.internal("transformers forward pass failed: " + e.getMessage()));
                    sequence.close();
                }
                active = new ArrayList<>();
            }
        }
        active.forEach(Sequence::close);
        waiting.forEach(Sequence::close);
    }

    /** One forward pass of the sequences not cancelled; returns those that go on. */
    private List<Sequence> step(List<Sequence> sequences) {
        List<Sequence> running = new ArrayList<>();
        for (Sequence sequence : sequences) {
            if (sequence.cancelled()) {
                sequence.close();
            } else {
                running.add(sequence);
            }
        }
        if (running.isEmpty()) {
            return running;
        }
        List<DecoderModel.Output> outputs = model.forward(running);
        List<Sequence> next = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            Sequence sequence = running.get(i);
            if (sequence.advance(outputs.get(i))) {
                sequence.close();
            } else {
                next.add(sequence);
            }
        }
        return next;
    }

    private static List<Sequence> concat(List<Sequence> a, List<Sequence> b) {
        List<Sequence> all = new ArrayList<>(a);
        b.stream().filter(sequence -> !a.contains(sequence)).forEach(all::add);
        return all;
    }

    private Map<String, String> configParameters(HfConfig config, HfTokenizerFiles files) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("architecture", config.architecture());
        parameters.put("num_hidden_layers", String.valueOf(config.layers()));
        parameters.put("hidden_size", String.valueOf(config.hiddenSize()));
        parameters.put("vocab_size", String.valueOf(config.vocabSize()));
        parameters.put("context_length", String.valueOf(config.maxPositions()));
        parameters.put("max_model_len", String.valueOf(contextSize));
        parameters.put("max_batch", String.valueOf(settings.maxBatch()));
        if (files.chatTemplate() != null) {
            parameters.put("chat_template", files.chatTemplate());
        }
        String bos = files.bosToken() != null ? files.bosToken() : files.tokens().get(config.bosTokenId());
        String eos = files.eosToken() != null ? files.eosToken()
                : config.eosTokenIds().stream().findFirst().map(files.tokens()::get).orElse(null);
        if (bos != null) {
            parameters.put("bos_token", bos);
        }
        if (eos != null) {
            parameters.put("eos_token", eos);
        }
        return parameters;
    }

    @Override
    public Set<String> whiteBoxParameters() {
        return WhiteBoxOptions.PARAMETERS;
    }

    @Override
    public Map<String, String> configParameters() {
        return configParameters;
    }

    @Override
    public String backendName() {
        return "transformers";
    }

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
        tokenizer.close();
    }
}
