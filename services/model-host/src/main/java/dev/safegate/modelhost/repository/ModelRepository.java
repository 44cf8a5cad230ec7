package dev.safegate.modelhost.repository;

import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.gguf.GgufBackend;
import dev.safegate.modelhost.image.SyntheticImageBackend;
import dev.safegate.modelhost.llm.LlmBackend;
import dev.safegate.modelhost.llm.LlmTensors;
import dev.safegate.modelhost.synthetic.SyntheticChatBackend;
import dev.safegate.modelhost.synthetic.SyntheticGuardBackend;
import dev.safegate.modelhost.synthetic.SyntheticRubricBackend;
import dev.safegate.modelhost.transformers.TransformersBackend;
import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelParameter;
import dev.safegate.proto.inference.ModelTransactionPolicy;
import dev.safegate.proto.inference.RepositoryIndexResponse.ModelIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The models this server knows and which of their versions are loaded. A repository is either a folder (one
 * sub-folder per model holding a config.yaml; a load re-reads the config, as Triton re-polls the model
 * folder) or a fixed list of specs. Every model is loaded when the repository opens; RepositoryModelLoad and
 * RepositoryModelUnload change that explicitly. Every version listed in a config is served; a request without a
 * version gets the highest loaded one.
 */
public final class ModelRepository implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ModelRepository.class.getName());
    static final String SUPPORTED_REQUEST_PARAMETERS = "supported_request_parameters";

    private final Source source;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "synthetic-model-timer");
        thread.setDaemon(true);
        return thread;
    });

    private ModelRepository(Source source) {
        this.source = source;
        for (String name : source.names()) {
            try {
                load(name);
            } catch (TritonError e) {
                LOG.log(System.Logger.Level.ERROR, e.getMessage());
            }
        }
    }

    /** The repository in {@code folder}, every model loaded (a model that fails stays UNAVAILABLE with its reason). */
    public static ModelRepository open(Path folder) {
        return open(folder, List.of());
    }

    /** The repository in {@code folder} plus {@code extraModels} (which win over folders of the same name). */
    public static ModelRepository open(Path folder, List<ModelSpec> extraModels) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("model repository " + folder.toAbsolutePath() + " is not a folder");
        }
        return new ModelRepository(new FolderSource(folder, byName(extraModels)));
    }

    /** A repository of the given models, every model loaded. */
    public static ModelRepository of(List<ModelSpec> specs) {
        return new ModelRepository(new ListSource(byName(specs)));
    }

    private static Map<String, ModelSpec> byName(List<ModelSpec> specs) {
        Map<String, ModelSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        return byName;
    }

    /** The loaded model for a request; {@code version} empty means the highest loaded version. */
    public LoadedModel resolve(String name, String version) throws TritonError {
        Entry entry = entries.get(name);
        if (entry == null) {
            if (source.names().contains(name)) {
                throw TritonError.noAvailableVersions(name);
            }
            throw TritonError.unknownModel(name);
        }
        if (version.isEmpty()) {
            Map.Entry<Long, LoadedModel> latest = entry.loaded.lastEntry();
            if (latest == null) {
                throw TritonError.noAvailableVersions(name);
            }
            return latest.getValue();
        }
        if (!version.matches("[0-9]+") || Long.parseLong(version) < 1) {
            throw TritonError.badVersion(version);
        }
        LoadedModel model = entry.loaded.get(Long.parseLong(version));
        if (model != null) {
            return model;
        }
        if (entry.versions.contains(version)) {
            throw TritonError.versionNotReady(name, version);
        }
        throw TritonError.versionNotFound(name, version);
    }

    /** The loaded versions of a model, lowest first. */
    public List<String> loadedVersions(String name) {
        Entry entry = entries.get(name);
        return entry == null ? List.of() : entry.loaded.values().stream().map(LoadedModel::version).toList();
    }

    public boolean isReady(String name, String version) {
        try {
            resolve(name, version);
            return true;
        } catch (TritonError e) {
            return false;
        }
    }

    /** Names of every model in the repository, loaded or not. */
    public List<String> modelNames() {
        TreeSet<String> names = new TreeSet<>(source.names());
        names.addAll(entries.keySet());
        return List.copyOf(names);
    }

    /** True when no model failed to load (Triton's server readiness). */
    public boolean allLoadsSucceeded() {
        return entries.values().stream().allMatch(e -> e.failure == null);
    }

    /** The load failure of each model that failed, by model name. */
    public Map<String, String> failures() {
        Map<String, String> failures = new TreeMap<>();
        entries.forEach((name, entry) -> {
            if (entry.failure != null) {
                failures.put(name, entry.failure);
            }
        });
        return failures;
    }

    /** Triton's repository index: one row per version with its state, or a bare row for a never-loaded model. */
    public List<ModelIndex> index(boolean readyOnly) {
        List<ModelIndex> rows = new ArrayList<>();
        for (String name : modelNames()) {
            Entry entry = entries.get(name);
            if (entry == null) {
                if (!readyOnly) {
                    rows.add(ModelIndex.newBuilder().setName(name).build());
                }
                continue;
            }
            for (String version : entry.versions) {
                boolean ready = entry.loaded.containsKey(Long.parseLong(version));
                if (ready || !readyOnly) {
                    rows.add(ModelIndex.newBuilder().setName(name).setVersion(version)
                            .setState(ready ? "READY" : "UNAVAILABLE")
                            .setReason(ready ? "" : entry.failure != null ? entry.failure : "unloaded").build());
                }
            }
        }
        return rows;
    }

    /** Loads (or reloads) every version of a model. */
    public synchronized void load(String name) throws TritonError {
        Optional<ModelSpec> spec;
        try {
            spec = source.spec(name);
        } catch (IOException | RuntimeException e) {
            replace(name, new Entry(List.of(), new TreeMap<>(), e.getMessage()));
            throw TritonError.invalid("load failed for model '" + name + "': " + e.getMessage());
        }
        if (spec.isEmpty()) {
            // Triton's text for a model that is not in the repository.
            throw TritonError.invalid("failed to load '" + name + "', failed to poll from model repository");
        }
        List<String> versions = spec.get().config().versions().keySet().stream()
                .sorted(Comparator.comparingLong(Long::parseLong)).toList();
        TreeMap<Long, LoadedModel> loaded = new TreeMap<>();
        try {
            for (String version : versions) {
                ServedBackend backend = create(spec.get(), version);
                ModelConfig config = backend instanceof SyntheticImageBackend image ? image.config(name)
                        : config(spec.get(), (LlmBackend) backend);
                loaded.put(Long.parseLong(version), new LoadedModel(name, version, backend, config));
            }
        } catch (IOException | RuntimeException e) {
            loaded.values().forEach(model -> model.backend().close());
            replace(name, new Entry(versions, new TreeMap<>(), e.getMessage()));
            throw TritonError.invalid("load failed for model '" + name + "': " + e.getMessage());
        }
        replace(name, new Entry(versions, loaded, null));
        LOG.log(System.Logger.Level.INFO, "loaded model ''{0}'' versions {1}", name, versions);
    }

    /** Unloads every version of a model; its versions stay listed as UNAVAILABLE. */
    public synchronized void unload(String name) throws TritonError {
        Entry entry = entries.get(name);
        if (entry == null) {
            // Not confirmed against Triton's text.
            throw TritonError.invalid("failed to unload '" + name + "', model is not loaded");
        }
        replace(name, new Entry(entry.versions, new TreeMap<>(), null));
    }

    private void replace(String name, Entry entry) {
        Entry old = entries.put(name, entry);
        if (old != null) {
            old.loaded.values().forEach(model -> model.backend().close());
        }
    }

    private ServedBackend create(ModelSpec spec, String version) throws IOException {
        ModelConfigFile config = spec.config();
        VersionSettings settings = config.versions().get(version);
        if (config.backend() == Backend.SYNTHETIC_IMAGE) {
            return new SyntheticImageBackend(config.syntheticImage().decidingFrom(settings.decides()),
                    config.maxBatchSize(), timer);
        }
        if (config.maxBatchSize() != 0) {
            throw new IllegalArgumentException("max_batch_size must be 0 for an LLM model (as vLLM's backend sets it)");
        }
        Map<String, String> parameters = new HashMap<>();
        putIfSet(parameters, "chat_template", config.chatTemplate());
        putIfSet(parameters, "bos_token", config.bosToken());
        putIfSet(parameters, "eos_token", config.eosToken());
        return switch (config.backend()) {
            case SYNTHETIC -> new SyntheticChatBackend(config.synthetic().withBehaviour(settings.behaviour()),
                    parameters, timer);
            case SYNTHETIC_GUARD -> new SyntheticGuardBackend(config.synthetic(), parameters, timer);
            case SYNTHETIC_RUBRIC -> new SyntheticRubricBackend(config.synthetic(), parameters, timer);
            case GGUF -> {
                var gguf = config.gguf().withPath(settings.path());
                Path file = spec.folder().resolve(gguf.path());
                if (!Files.isRegularFile(file)) {
                    throw new IOException("GGUF file " + file.toAbsolutePath() + " does not exist");
                }
                yield new GgufBackend(file, gguf);
            }
            case TRANSFORMERS -> {
                var transformers = config.transformers().withPath(settings.path());
                Path folder = spec.folder().resolve(transformers.path());
                if (!Files.isDirectory(folder)) {
                    throw new IOException("Hugging Face model folder " + folder.toAbsolutePath() + " does not exist");
                }
                yield new TransformersBackend(folder, transformers);
            }
            case SYNTHETIC_IMAGE -> throw new IllegalStateException("image classifiers are created above");
        };
    }

    private static ModelConfig config(ModelSpec spec, LlmBackend backend) {
        Map<String, String> parameters = new TreeMap<>(backend.configParameters());
        // Values from config.yaml win over the ones a GGUF file brings.
        putIfSet(parameters, "chat_template", spec.config().chatTemplate());
        putIfSet(parameters, "bos_token", spec.config().bosToken());
        putIfSet(parameters, "eos_token", spec.config().eosToken());
        if (!backend.whiteBoxParameters().isEmpty()) {
            parameters.put(SUPPORTED_REQUEST_PARAMETERS, String.join(",", new TreeSet<>(backend.whiteBoxParameters())));
        }
        ModelConfig.Builder config = ModelConfig.newBuilder()
                .setName(spec.name())
                .setBackend(backend.backendName())
                .setMaxBatchSize(0)
                .addAllInput(LlmTensors.INPUTS)
                .addAllOutput(LlmTensors.OUTPUTS)
                .addAllOutput(backend.whiteBoxParameters().contains("capture_layers") ? LlmTensors.WHITE_BOX_OUTPUTS
                        : List.of())
                .setModelTransactionPolicy(ModelTransactionPolicy.newBuilder().setDecoupled(spec.config().decoupled()));
        parameters.forEach((key, value) -> config.putParameters(key, ModelParameter.newBuilder().setStringValue(value).build()));
        return config.build();
    }

    private static void putIfSet(Map<String, String> parameters, String key, String value) {
        if (value != null) {
            parameters.put(key, value);
        }
    }

    @Override
    public synchronized void close() {
        entries.values().forEach(entry -> entry.loaded.values().forEach(model -> model.backend().close()));
        entries.clear();
        timer.shutdownNow();
    }

    /**
     * @param versions the versions the config lists, as strings
     * @param loaded the loaded ones, by number
     * @param failure why the last load failed, or null
     */
    private record Entry(List<String> versions, TreeMap<Long, LoadedModel> loaded, String failure) {
    }

    private interface Source {
        List<String> names();

        Optional<ModelSpec> spec(String name) throws IOException;
    }

    private record FolderSource(Path folder, Map<String, ModelSpec> extra) implements Source {
        @Override
        public List<String> names() {
            try (Stream<Path> children = Files.list(folder)) {
                TreeSet<String> names = children.filter(child -> Files.isRegularFile(child.resolve(ModelSpec.CONFIG_FILE)))
                        .map(child -> child.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
                names.addAll(extra.keySet());
                return List.copyOf(names);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<ModelSpec> spec(String name) throws IOException {
            if (extra.containsKey(name)) {
                return Optional.of(extra.get(name));
            }
            Path model = folder.resolve(name).normalize();
            if (!model.getParent().equals(folder.normalize()) || !Files.isRegularFile(model.resolve(ModelSpec.CONFIG_FILE))) {
                return Optional.empty();
            }
            return Optional.of(ModelSpec.read(model));
        }
    }

    private record ListSource(Map<String, ModelSpec> specs) implements Source {
        @Override
        public List<String> names() {
            return List.copyOf(specs.keySet());
        }

        @Override
        public Optional<ModelSpec> spec(String name) {
            return Optional.ofNullable(specs.get(name));
        }
    }
}
