package dev.safegate.modelhost.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model of the repository: its name, its parsed config.yaml, and the folder that relative paths in it
 * (a GGUF file) are resolved against.
 */
public record ModelSpec(String name, ModelConfigFile config, Path folder) {
    public static final String CONFIG_FILE = "config.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("bad model name '" + name + "'");
        }
        folder = folder == null ? Path.of("") : folder;
    }

    /** A model from YAML text in the config.yaml format; relative paths resolve against the working directory. */
    public static ModelSpec fromYaml(String name, String yaml) {
        try {
            return new ModelSpec(name, YAML.readValue(yaml, ModelConfigFile.class), null);
        } catch (IOException e) {
            throw new IllegalArgumentException("model '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The model in {@code folder}, named after the folder. */
    public static ModelSpec read(Path folder) throws IOException {
        String name = folder.getFileName().toString();
        try {
            return new ModelSpec(name, YAML.readValue(Files.readString(folder.resolve(CONFIG_FILE)), ModelConfigFile.class),
                    folder);
        } catch (IllegalArgumentException e) {
            throw new IOException(folder.resolve(CONFIG_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Every model of a repository folder (each sub-folder with a config.yaml), in name order. */
    public static java.util.List<ModelSpec> readRepository(Path repository) throws IOException {
        java.util.List<ModelSpec> models = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> children = Files.list(repository)) {
            for (Path child : children.filter(c -> Files.isRegularFile(c.resolve(CONFIG_FILE))).sorted().toList()) {
                models.add(read(child));
            }
        }
        return models;
    }
}
