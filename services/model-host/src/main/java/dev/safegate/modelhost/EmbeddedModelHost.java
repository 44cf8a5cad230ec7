package dev.safegate.modelhost;

import dev.safegate.modelhost.repository.ModelRepository;
import dev.safegate.modelhost.repository.ModelSpec;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The model host in-process, without Quarkus: a grpc-java Netty server on 127.0.0.1 and a free port, serving
 * {@link InferenceService}. For the tests and benchmarks of other modules:
 * <pre>
 * try (EmbeddedModelHost host = EmbeddedModelHost.start(EmbeddedModelHost.exampleRepository())) {
 *     ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", host.port()).usePlaintext().build();
 *     ...
 * }
 * </pre>
 */
public final class EmbeddedModelHost implements AutoCloseable {
    /** The example repository's folder, relative to the project root. */
    public static final String EXAMPLE_REPOSITORY = "services/model-host/models";

    private final ModelRepository repository;
    private final Server server;

    private EmbeddedModelHost(ModelRepository repository, RequestObserver observer) throws IOException {
        this.repository = repository;
        // Nothing in the service blocks, so calls run directly on Netty's threads (no executor hand-off).
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .directExecutor()
                .addService(new InferenceService(repository, observer))
                .build()
                .start();
    }

    /** Serves the model repository in {@code folder}. */
    public static EmbeddedModelHost start(Path folder) {
        return start(ModelRepository.open(folder), RequestObserver.NONE);
    }

    /** Serves the given models. */
    public static EmbeddedModelHost start(List<ModelSpec> models) {
        return start(models, RequestObserver.NONE);
    }

    /** Serves the given models and tells {@code observer} of every request (a test counts the calls it caused). */
    public static EmbeddedModelHost start(List<ModelSpec> models, RequestObserver observer) {
        return start(ModelRepository.of(models), observer);
    }

    private static EmbeddedModelHost start(ModelRepository repository, RequestObserver observer) {
        try {
            return new EmbeddedModelHost(repository, observer);
        } catch (IOException e) {
            repository.close();
            throw new UncheckedIOException("could not start the embedded model host", e);
        }
    }

    /**
     * The example repository (simulated-chat v1/v2, simulated-guard): found from the system property
     * {@code safegate.modelhost.repository}, else by looking for {@value #EXAMPLE_REPOSITORY} in the working
     * directory and its parents (a module's tests run in the module's folder).
     */
    public static Path exampleRepository() {
        String configured = System.getProperty("safegate.modelhost.repository");
        if (configured != null) {
            return Path.of(configured);
        }
        return findUpwards(Path.of("").toAbsolutePath()).orElseThrow(() -> new IllegalStateException(
                "cannot find " + EXAMPLE_REPOSITORY + " from " + Path.of("").toAbsolutePath()
                        + "; set -Dsafegate.modelhost.repository"));
    }

    private static Optional<Path> findUpwards(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(EXAMPLE_REPOSITORY);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public int port() {
        return server.getPort();
    }

    /** "127.0.0.1:port", for a gRPC target. */
    public String target() {
        return "127.0.0.1:" + port();
    }

    public ModelRepository repository() {
        return repository;
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        repository.close();
    }
}
