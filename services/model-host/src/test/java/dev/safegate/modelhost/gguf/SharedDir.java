package dev.safegate.modelhost.gguf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project's shared data folder (tokenizer, datasets): system property {@code safegate.shared.dir}, else
 * environment variable {@code SAFEGATE_SHARED_DIR}, else {@code ../shared} next to the project root.
 */
public final class SharedDir {
    private SharedDir() {
    }

    public static Optional<Path> resolve(String relative) {
        String configured = System.getProperty("safegate.shared.dir", System.getenv("SAFEGATE_SHARED_DIR"));
        Optional<Path> root = configured != null ? Optional.of(Path.of(configured)) : projectRoot().map(p -> p.resolve("../shared"));
        return root.map(r -> r.resolve(relative)).filter(Files::exists);
    }

    public static String missingMessage(String relative) {
        return "shared data '" + relative + "' not found: set -Dsafegate.shared.dir or SAFEGATE_SHARED_DIR";
    }

    private static Optional<Path> projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("proto")) && Files.isDirectory(dir.resolve("services"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
