package dev.safegate.orchestrator.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.PlanValidationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The registry models SafeGate evaluates, from the YAML file {@code safegate.models-file}, or the built-in
 * demo catalogue ({@code simulated-chat}) when none is configured. Read once at start-up: a wrong file stops
 * the service instead of failing the first webhook.
 */
@Singleton
public class ModelCatalog {
    static final String DEFAULT_RESOURCE = "/safegate/models-default.yaml";
    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The file format; {@code plan} is a plan without a model, {@code optionalSuites} join it when their data is present. */
    record Entry(String name, String servedModel, String servedVersion, String ioProfile, String chatTemplate,
            String tokenizer, String registry, BaselineEntry baseline, JsonNode plan, List<JsonNode> optionalSuites) {
    }

    record BaselineEntry(String alias, Boolean previousVersion) {
    }

    record File(List<Entry> models) {
    }

    private final Map<String, RegisteredModel> models;

    @Inject
    public ModelCatalog(Plans plans, @ConfigProperty(name = "safegate.models-file") Optional<String> modelsFile) {
        this(plans, read(modelsFile));
    }

    ModelCatalog(Plans plans, File file) {
        Map<String, RegisteredModel> byName = new LinkedHashMap<>();
        for (Entry entry : file.models()) {
            RegisteredModel model = toModel(entry, plans);
            if (byName.put(model.name(), model) != null) {
                throw new IllegalStateException("models file: model '" + model.name() + "' is listed twice");
            }
        }
        this.models = Map.copyOf(byName);
        LOG.infof("evaluating registry models %s", byName.keySet());
    }

    public Optional<RegisteredModel> find(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public List<RegisteredModel> all() {
        return models.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    static File read(Optional<String> modelsFile) {
        try {
            if (modelsFile.isPresent()) {
                try (InputStream in = Files.newInputStream(Path.of(modelsFile.get()))) {
                    return YAML.readValue(in, File.class);
                }
            }
            try (InputStream in = ModelCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                return YAML.readValue(in, File.class);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the models file " + modelsFile.orElse(DEFAULT_RESOURCE)
                    + ": " + e.getMessage(), e);
        }
    }

    private static RegisteredModel toModel(Entry entry, Plans plans) {
        if (entry.name() == null || entry.plan() == null || !entry.plan().isObject()) {
            throw new IllegalStateException("models file: every model needs a name and a plan (a mapping)");
        }
        ObjectNode plan = entry.plan().deepCopy();
        if (entry.optionalSuites() != null) {
            ArrayNode suites = plan.withArray("suites");
            for (JsonNode suite : entry.optionalSuites()) {
                String suiteName = suite.isTextual() ? suite.asText() : suite.path("name").asText();
                if (plans.availableSuites().contains(suiteName)) {
                    suites.add(suite);
                } else {
                    LOG.infof("model %s: optional suite %s left out, its data is not present", entry.name(), suiteName);
                }
            }
        }
        EvaluationPlan defaultPlan;
        try {
            defaultPlan = plans.parse(plan.toString());
        } catch (PlanValidationException e) {
            throw new IllegalStateException("models file: the plan of model '" + entry.name() + "' is invalid: "
                    + e.errors(), e);
        }
        BaselineEntry baseline = entry.baseline() == null ? new BaselineEntry(null, true) : entry.baseline();
        return new RegisteredModel(entry.name(),
                entry.servedModel() == null ? entry.name() : entry.servedModel(),
                entry.servedVersion() == null ? "{version}" : entry.servedVersion(),
                entry.ioProfile() == null ? "VLLM" : entry.ioProfile(),
                entry.chatTemplate(), entry.tokenizer(),
                entry.registry() == null ? RegisteredModel.MLFLOW : entry.registry(),
                new BaselineRule(baseline.alias(), !Boolean.FALSE.equals(baseline.previousVersion())),
                defaultPlan);
    }
}
