package dev.safegate.modelhost.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Configuration of the model host app ({@code safegate.modelhost.*}). */
@ConfigMapping(prefix = "safegate.modelhost")
public interface ModelHostConfig {

    /** The model repository folder (one sub-folder with a config.yaml per model). */
    @WithDefault("models")
    String repository();

    /**
     * A second repository folder whose models are served next to the first (e.g. the model organisms that
     * {@code scripts/organisms.sh planted} writes); optional: a folder that does not exist is skipped with a log line,
     * and readiness does not depend on it.
     */
    Optional<String> extraRepository();

    /** A user's own GGUF model to serve next to the repository's models ({@code make run MODEL=...}). */
    Optional<String> gguf();

    /** The name the GGUF model is served under. */
    @WithDefault("local-gguf")
    String ggufName();
}
