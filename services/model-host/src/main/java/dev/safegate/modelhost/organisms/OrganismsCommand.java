package dev.safegate.modelhost.organisms;

import dev.safegate.core.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code scripts/organisms.sh}: trains the model organisms, or trains them (when not already there) and measures
 * them, or writes the planted-weights organism as a model host repository ({@code make run}'s white-box demo).
 * <pre>
 * organisms train    [--out .run/organisms] [--seed 1] [--threads 1]
 * organisms findings [--out .run/organisms] [--seed 1] [--threads 1]
 * organisms planted  [--out .run/organisms]
 * </pre>
 * The tokenizer and chat template are SmolLM2's, read from the shared data folder (SAFEGATE_SHARED_DIR).
 */
public final class OrganismsCommand {
    static final String TOKENIZER = "models/SmolLM2-135M-Instruct";
    private static final String USAGE = "usage: organisms train|findings|planted [--out DIR] [--seed N] [--threads N]";
    private static final java.util.Set<String> COMMANDS = java.util.Set.of("train", "findings", "planted");

    private OrganismsCommand() {
    }

    /** The parsed command line. */
    record Arguments(String command, Path out, long seed, int threads) {
        static Arguments parse(String... args) {
            if (args.length == 0 || !COMMANDS.contains(args[0])) {
                throw new IllegalArgumentException(USAGE);
            }
            Map<String, String> options = new TreeMap<>(Map.of("--out", ".run/organisms", "--seed", "1",
                    "--threads", "1"));
            for (int i = 1; i < args.length; i += 2) {
                if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'; " + USAGE);
                }
                options.put(args[i], args[i + 1]);
            }
            try {
                int threads = Integer.parseInt(options.get("--threads"));
                if (threads < 1) {
                    throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
                }
                return new Arguments(args[0], Path.of(options.get("--out")), Long.parseLong(options.get("--seed")),
                        threads);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seed and --threads must be integers: " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            run(Arguments.parse(args));
            status = 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            status = 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("organisms: " + e.getMessage());
            status = 1;
        }
        System.exit(status); // DJL and gRPC leave non-daemon threads behind
    }

    static void run(Arguments arguments) throws IOException {
        Path tokenizer = SharedData.resolve(TOKENIZER).orElseThrow(() -> new IllegalArgumentException(
                SharedData.missingMessage(TOKENIZER)));
        if (arguments.command().equals("planted")) {
            List<String> models = PlantedModel.writeRepository(arguments.out(), tokenizer);
            System.out.printf(Locale.ROOT, "[organisms] %s: %s (planted weights)%n", arguments.out().toAbsolutePath(),
                    String.join(", ", models));
            return;
        }
        Organisms.Manifest manifest = Organisms.trainOrReuse(arguments.out(), arguments.seed(), tokenizer,
                arguments.threads(), line -> System.out.println("[organisms] " + line));
        System.out.printf(Locale.ROOT, "[organisms] %s: %s (trained in %.0f s)%n", arguments.out().toAbsolutePath(),
                String.join(", ", manifest.organisms().stream().map(Organisms.Trained::name).toList()),
                manifest.seconds());
        if (arguments.command().equals("findings")) {
            OrganismFindings.write(arguments.out(), OrganismFindings.run(arguments.out(), tokenizer, System.out));
        }
    }
}
