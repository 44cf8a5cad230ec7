package dev.safegate.modelhost.app;

import dev.safegate.modelhost.repository.ModelRepository;
import dev.safegate.modelhost.repository.ModelSpec;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Opens the model repository the app serves, with the user's GGUF model added when one is configured. A missing
 * repository folder is not fatal: the app starts serving nothing, says so at start-up, and is not ready
 * ({@link RepositoryReadinessCheck}), so that a plain start from the jar tells the operator what to set.
 */
public class ModelHostProducer {
    private static final Logger LOG = Logger.getLogger(ModelHostProducer.class);

    @Produces
    @Singleton
    ModelRepository repository(ModelHostConfig config) {
        List<ModelSpec> extra = config.gguf()
                .map(file -> ModelSpec.fromYaml(config.ggufName(), """
                        backend: gguf
                        gguf:
                          path: "%s"
                        """.formatted(Path.of(file).toAbsolutePath().toString().replace("\"", "\\\""))))
                .map(List::of).orElse(List.of());
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

    void close(@Disposes ModelRepository repository) {
        repository.close();
    }
}
