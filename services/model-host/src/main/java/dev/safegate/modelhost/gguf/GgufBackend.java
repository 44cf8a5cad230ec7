package dev.safegate.modelhost.gguf;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.safegate.core.template.GgufMetadata;
import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.llm.LlmBackend;
import dev.safegate.modelhost.llm.LlmRequest;
import dev.safegate.modelhost.llm.SamplingParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real language model from a GGUF file, generated on CPU by llama.cpp (de.kherud:llama). Generation runs on a
 * dedicated executor of {@code parallel} threads with a bounded queue, never on gRPC threads. The prompt is sent
 * as it is: llama.cpp's own chat templating is not used (SafeGate renders prompts itself). The file's chat
 * template, special tokens and tokenizer facts are served as configuration parameters.
 */
public final class GgufBackend implements LlmBackend {
    private static final System.Logger LOG = System.getLogger(GgufBackend.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final LlamaModel model;
    private final ThreadPoolExecutor executor;
    private final int contextSize;
    private final Map<String, String> configParameters;

    public GgufBackend(Path file, GgufSettings settings) throws IOException {
        // The header parser is core's (it also reads a GGUF's chat template); only what the config needs is kept.
        Map<String, Object> metadata = GgufMetadata.read(file,
                key -> key.startsWith("general.") || key.startsWith("tokenizer.") || key.endsWith(".context_length"));
        this.configParameters = configParameters(file, metadata, settings);
        this.contextSize = settings.contextSize();
        prepareNativeLibrary();
        this.model = new LlamaModel(new ModelParameters()
                .setModel(file.toString())
                .setCtxSize(settings.contextSize() * settings.parallel())
                .setParallel(settings.parallel())
                .setThreads(settings.threads())
                .setGpuLayers(0));
        this.executor = new ThreadPoolExecutor(settings.parallel(), settings.parallel(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueSize()), runnable -> {
                    Thread thread = new Thread(runnable, "llama-generate-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public Generation generate(LlmRequest request, TokenSink sink) throws TritonError {
        AtomicBoolean cancelled = new AtomicBoolean();
        try {
            executor.execute(() -> run(request, sink, cancelled));
        } catch (RejectedExecutionException e) {
            throw TritonError.unavailable("model is busy: its request queue (" + executor.getQueue().size()
                    + " waiting) is full");
        }
        return () -> cancelled.set(true);
    }

    private void run(LlmRequest request, TokenSink sink, AtomicBoolean cancelled) {
        try {
            SamplingParameters sampling = request.sampling();
            int inputTokens = model.encode(request.prompt()).length;
            if (inputTokens + sampling.maxTokens() > contextSize) {
                // Modelled on vLLM's message for the same condition.
                sink.failed(TritonError.invalid("This model's maximum context length is " + contextSize
                        + " tokens. However, you requested " + (inputTokens + sampling.maxTokens()) + " tokens ("
                        + inputTokens + " in the prompt, " + sampling.maxTokens() + " in the completion)."));
                return;
            }
            sink.started(inputTokens);
            InferenceParameters parameters = new InferenceParameters(request.prompt())
                    .setNPredict(sampling.maxTokens())
                    .setTemperature((float) sampling.temperature())
                    .setTopP((float) sampling.topP())
                    .setTopK(sampling.topK())
                    .setSeed(sampling.seed() != null ? (int) (long) sampling.seed()
                            : ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
            LlamaIterator outputs = model.generate(parameters).iterator();
            int tokens = 0;
            String held = null; // the last output is held back: llama.cpp may end with an empty, non-token output
            while (outputs.hasNext()) {
                if (cancelled.get()) {
                    outputs.cancel();
                    return;
                }
                LlamaOutput output = outputs.next();
                if (held != null) {
                    sink.token(held);
                    tokens++;
                }
                held = output.text;
            }
            if (held != null && !held.isEmpty()) {
                sink.token(held);
                tokens++;
            }
            sink.finished(tokens >= sampling.maxTokens() ? FinishReason.LENGTH : FinishReason.STOP);
        } catch (RuntimeException e) {
            sink.failed(TritonError.internal("llama.cpp generation failed: " + e.getMessage()));
        }
    }

    private static Map<String, String> configParameters(Path file, Map<String, Object> metadata,
            GgufSettings settings) {
        Map<String, String> parameters = new HashMap<>();
        String architecture = string(metadata, "general.architecture");
        List<?> tokens = metadata.get("tokenizer.ggml.tokens") instanceof List<?> list ? list : List.of();
        put(parameters, "architecture", architecture);
        put(parameters, "gguf_file", file.getFileName().toString());
        put(parameters, "chat_template", string(metadata, "tokenizer.chat_template"));
        put(parameters, "bos_token", token(tokens, metadata.get("tokenizer.ggml.bos_token_id")));
        put(parameters, "eos_token", token(tokens, metadata.get("tokenizer.ggml.eos_token_id")));
        put(parameters, "tokenizer_model", string(metadata, "tokenizer.ggml.model"));
        put(parameters, "tokenizer_pre", string(metadata, "tokenizer.ggml.pre"));
        put(parameters, "vocab_size", String.valueOf(tokens.size()));
        if (architecture != null && metadata.get(architecture + ".context_length") instanceof Long trained) {
            put(parameters, "context_length", trained.toString());
        }
        parameters.put("max_model_len", String.valueOf(settings.contextSize()));
        return parameters;
    }

    private static String string(Map<String, Object> metadata, String key) {
        return metadata.get(key) instanceof String value ? value : null;
    }

    /** The text of a token id from tokenizer.ggml.tokens, or null. */
    private static String token(List<?> tokens, Object id) {
        return id instanceof Long index && index >= 0 && index < tokens.size() ? (String) tokens.get(index.intValue())
                : null;
    }

    private static void put(Map<String, String> parameters, String key, String value) {
        if (value != null) {
            parameters.put(key, value);
        }
    }

    /** The binding extracts its native library into this folder, which must exist. */
    private static void prepareNativeLibrary() {
        String folder = System.getProperty("de.kherud.llama.tmpdir");
        try {
            if (folder != null) {
                Files.createDirectories(Path.of(folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            if (level == LogLevel.ERROR) {
                LOG.log(System.Logger.Level.WARNING, "llama.cpp: " + message.strip());
            }
        });
    }

    @Override
    public Set<String> whiteBoxParameters() {
        return Set.of(); // llama.cpp offers neither early exit nor per-request steering
    }

    @Override
    public Map<String, String> configParameters() {
        return configParameters;
    }

    @Override
    public String backendName() {
        return "llama.cpp";
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
    }
}
