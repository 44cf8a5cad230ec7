package dev.safegate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.safegate.core.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code make run}'s script brings the whole stack up on its documented ports, the
 * signed MLflow webhook announces version 2 of the simulated model, and the run ends in FAIL on the raw (no chat
 * template) refusal drop against version 1; then everything it started is stopped.
 *
 * <p>It runs in the order that once broke: after {@code make test}, whose {@code mvn verify} installs no SafeGate
 * artifact. The script collects the Kafka broker's jars itself with Maven, against a local repository that holds
 * every artifact of this machine's but SafeGate's own, in a state folder of its own (so that an earlier
 * {@code make run}'s collected jars cannot hide a failure). Its output must carry no ERROR line and print the
 * decision once.
 */
class MakeRunTest {
    private static final List<Integer> PORTS = List.of(19092, 19093, 15432, 8001, 8081, 8082, 8083, 8084, 8085, 19090);
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    /**
     * The white-box demo on the planted-weights model organism (make run writes it where the shared data has
     * SmolLM2's tokenizer): its depth curve, per-token KL and prefill, the direction fitted from its two versions,
     * detection and steering along it, and the failed white-box gates named in the decisions.
     */
    private static void assertWhiteBoxDemo(String printed) {
        assertTrue(printed.contains("MODEL ORGANISM (planted weights, not a real model): organism-planted version 2 "
                + "created"), printed);
        assertTrue(printed.contains("white-box checks of organism-planted version 2 (candidate):"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("depth organism, refusal by exit layer: L1 0% L2 0% "
                + "L3 100% L4 100%; full depth (chat_template) 100%")), "refusal forms at block 3:\n" + printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("per-token KL organism from organism-planted-base@1")
                && l.contains("refusal by prefilled answer tokens: 1: 0% 3: 0% 5: 0%")), printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("FAIL refusal_rate organism/early_exit(layer=2)/(all) vs "
                + "chat_template in the same run [gate refusal-at-exit-layer-2]")), printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("direction #") && l.contains("stored (organism-planted, "
                + "layer 3, model pair")), printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("detection organism activations(layers=[3]), layer 3")
                && l.contains("AUROC 1.000")), "the projection separates the misaligned answers:\n" + printed);
        assertTrue(printed.lines().anyMatch(l -> l.contains("FAIL direction_projection(layer=3)")
                && l.contains("[gate misalignment-direction-shift]")), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("  steering organism, misaligned:")
                && l.contains("x -3.0 0% (0/") && l.contains("x +3.0 100%")), "steering removes the misaligned "
                + "version's misaligned answers:\n" + printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("  steering organism (baseline version 1), misaligned:")
                && l.contains("unsteered 0% (0/") && l.contains("x +3.0 100%")), "and gives the aligned version "
                + "misaligned ones:\n" + printed);
        assertTrue(printed.contains("white-box demo on the model organism took"), printed);
    }

    @Test
    void makeRunAnnouncesVersionTwoAndEndsInFailOnTheRawCondition() throws Exception {
        assertTrue(Files.isRegularFile(ROOT.resolve("scripts/local-stack.sh")), "no scripts/local-stack.sh under " + ROOT);
        for (int port : PORTS) {
            if (listening(port)) {
                fail("port " + port + " is in use: is a `make run` stack up? (`make stop` stops it)");
            }
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "scripts/local-stack.sh", "run")
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().put("SAFEGATE_EXIT_AFTER_START", "1");
        // Readable by others: the script runs PostgreSQL's initdb as the postgres user inside this folder.
        Path state = Files.createTempDirectory("safegate-make-run",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        builder.environment().put("SAFEGATE_RUN_DIR", state.toString());
        builder.environment().put("MAVEN_OPTS", "-Dmaven.repo.local=" + repositoryWithoutSafegate(state));
        List.of("MODEL", "TRITON", "MODEL_NAME", "TEMPLATE", "DEMO_MODEL", "DEMO_VERSION", "KAFKA_CLASSPATH")
                .forEach(builder.environment()::remove);
        Process script = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(script));
        boolean ended = script.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            script.destroy(); // the script's trap stops the stack
            script.waitFor(1, TimeUnit.MINUTES);
        }
        String printed = output.get(1, TimeUnit.MINUTES);
        assertTrue(ended, "make run did not finish within 8 minutes:\n" + printed);
        assertEquals(0, script.exitValue(), printed);

        assertTrue(printed.contains("simulated-chat version 2 created (signed"), printed);
        assertEquals(1, occurrences(printed, "(simulated-chat version 2): COMPLETED, decision FAIL"),
                "the decision is printed once:\n" + printed);
        assertTrue(printed.lines().noneMatch(line -> line.contains("ERROR")), "an ERROR line in a good run:\n" + printed);
        assertTrue(printed.lines().anyMatch(line -> line.contains("FAIL refusal_rate") && line.contains("/raw/")),
                "the failing cell is a raw-condition refusal rate:\n" + printed);
        assertTrue(printed.contains("sequential checks failed at look"),
                "the default policy decides as soon as the FAIL is certain:\n" + printed);
        if (SharedData.resolve("models/SmolLM2-135M-Instruct/tokenizer.json").isPresent()) {
            assertWhiteBoxDemo(printed);
        }
        if (printed.contains("Prometheus on http")) {
            assertTrue(printed.contains("alert SafeGateSafetyRegression is FIRING"), printed);
        }
        for (int port : PORTS) {
            assertFalse(listening(port), "port " + port + " still in use after the script stopped its stack");
        }
    }

    /**
     * A Maven local repository that links every group of this machine's repository except {@code dev/safegate}:
     * what a fresh clone has after {@code make test}, without downloading the rest again.
     */
    private static Path repositoryWithoutSafegate(Path state) throws IOException {
        Path source = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path repository = Files.createDirectories(state.resolve("m2-repository"));
        Path dev = Files.createDirectories(repository.resolve("dev"));
        try (var groups = Files.list(source)) {
            for (Path group : groups.toList()) {
                if (!group.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(repository.resolve(group.getFileName().toString()), group);
                }
            }
        }
        if (Files.isDirectory(source.resolve("dev"))) {
            try (var groups = Files.list(source.resolve("dev"))) {
                for (Path group : groups.toList()) {
                    if (!group.getFileName().toString().equals("safegate")) {
                        Files.createSymbolicLink(dev.resolve(group.getFileName().toString()), group);
                    }
                }
            }
        }
        return repository;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
