package dev.safegate.modelhost.app;

import dev.safegate.modelhost.repository.ModelRepository;
import dev.safegate.modelhost.repository.ModelSpec;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Opens the model repository the app serves, with the user's GGUF model and the models of a second repository
 * folder (the model organisms) added when configured. A missing repository folder is not fatal: the app starts
 * serving nothing, says so at start-up, and is not ready ({@link RepositoryReadinessCheck}), so that a plain start
 * from the jar tells the operator what to set. A missing second folder is only logged: the organisms are optional.
 */
public class ModelHostProducer {
    private static final Logger LOG = Logger.getLogger(ModelHostProducer.class);

    @Produces
    @Singleton
    ModelRepository repository(ModelHostConfig config) {
        List<ModelSpec> extra = new ArrayList<>();
        config.gguf().ifPresent(file -> extra.add(ModelSpec.fromYaml(config.ggufName(), """
                backend: gguf
                gguf:
                  path: "%s"
                """.formatted(Path.of(file).toAbsolutePath().toString().replace("\"", "\\\"")))));
        config.extraRepository().map(Path::of).ifPresent(folder -> extra.addAll(extraModels(folder)));
        Path folder = Path.of(config.repository()).toAbsolutePath();
        ModelRepository repository = Files.isDirectory(folder)
                ? ModelRepository.open(folder, extra)
                : ModelRepository.of(extra);
        if (repository.modelNames().isEmpty()) {
            LOG.warn(RepositoryReadinessCheck.emptyRepositoryProblem(config));
        } else {
            LOG.infof("serving %s from %s", repository.modelNames(), folder);
        }
        return repository;
    }

    /** The models of the second repository folder; none, with a log line, when it does not exist. */
    static List<ModelSpec> extraModels(Path folder) {
        if (!Files.isDirectory(folder)) {
            LOG.infof("no extra model repository at %s: serving the main repository only", folder.toAbsolutePath());
            return List.of();
        }
        List<ModelSpec> models;
        try {
            models = ModelSpec.readRepository(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the extra model repository " + folder, e);
        }
        LOG.infof("extra models from %s: %s", folder.toAbsolutePath(), models.stream().map(ModelSpec::name).toList());
        return models;
    }

    void close(@Disposes ModelRepository repository) {
        repository.close();
    }
}
