package dev.safegate.modelhost.app;

import dev.safegate.modelhost.repository.ModelRepository;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model repository is open, holds at least one model, and every model in it loaded. */
@Readiness
@Singleton
public class RepositoryReadinessCheck implements HealthCheck {
    private final ModelRepository repository;
    private final ModelHostConfig config;

    public RepositoryReadinessCheck(ModelRepository repository, ModelHostConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** What an operator reads when there is nothing to serve: which folder was looked at, and what to set. */
    static String emptyRepositoryProblem(ModelHostConfig config) {
        Path folder = Path.of(config.repository()).toAbsolutePath();
        return "no model to serve: the model repository " + folder
                + (Files.isDirectory(folder) ? " holds no model folder" : " does not exist")
                + "; set SAFEGATE_MODELHOST_REPOSITORY (safegate.modelhost.repository) to a folder with one"
                + " sub-folder (config.yaml) per model, e.g. services/model-host/models";
    }

    @Override
    public HealthCheckResponse call() {
        boolean empty = repository.modelNames().isEmpty();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-repository")
                .status(!empty && repository.allLoadsSucceeded())
                .withData("models", String.join(",", repository.modelNames()));
        if (empty) {
            response.withData("problem", emptyRepositoryProblem(config));
        }
        repository.failures().forEach((model, reason) -> response.withData("failed." + model, reason));
        return response.build();
    }
}
