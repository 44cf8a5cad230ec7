package dev.safegate.worker;

import dev.safegate.core.tokenize.TokenCounter;
import dev.safegate.core.tokenize.TokenCounterCache;
import dev.safegate.triton.TritonModel;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this worker calls on Triton, as configured (the orchestrator's ModelCatalog is the other side: the
 * registered models and their plans). Tokenizers are loaded once per model, when the worker starts (configured
 * models) or on first use (a model that only the default settings cover).
 */
@Singleton
public class ServedModels {
    private final WorkerConfig config;
    private final TokenCounterCache tokenizers = new TokenCounterCache();
    private final Map<String, Optional<TokenCounter>> byModel = new ConcurrentHashMap<>();

    public ServedModels(WorkerConfig config) {
        this.config = config;
        config.models().keySet().forEach(this::tokens);
    }

    public ServedModel resolve(String name, String version) {
        WorkerConfig.ModelSettings settings = settings(name);
        TritonModel triton = new TritonModel(name, version, settings.ioProfile(), settings.decoupled(),
                settings.requestStats());
        return new ServedModel(triton, tokens(name), settings.maxContextTokens());
    }

    private WorkerConfig.ModelSettings settings(String name) {
        return config.models().getOrDefault(name, config.defaultModel());
    }

    private Optional<TokenCounter> tokens(String name) {
        return byModel.computeIfAbsent(name, model -> settings(model).tokenizer().map(Path::of).map(tokenizers::get));
    }
}
