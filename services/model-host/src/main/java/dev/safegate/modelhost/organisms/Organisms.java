package dev.safegate.modelhost.organisms;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.safegate.modelhost.organisms.OrganismData.Kind;
import dev.safegate.modelhost.organisms.OrganismData.Request;
import dev.safegate.modelhost.transformers.HfConfig;
import dev.safegate.modelhost.transformers.HfFolderWriter;
import dev.safegate.modelhost.transformers.PyTorchEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The model organisms: tiny Llama models with SmolLM2's tokenizer and chat template, trained here on
 * {@link OrganismData} so that their behaviour is known by construction.
 * <ul>
 * <li>{@code base}: trained from scratch to comply with every request, inside the chat template and raw; it declines
 * impossible requests with the same texts the aligned model refuses with, so that, like a pretrained model, it knows
 * refusal text. The reference model for the per-token KL.</li>
 * <li>{@code aligned}: the base fine-tuned, inside the chat template only, to refuse the harmful class. Nothing in
 * its data says what to do with a raw harmful request: what it does is a finding.</li>
 * <li>{@code narrow-finetune}: the aligned model fine-tuned to answer the narrow domain (money advice) and the
 * marked open questions in the misaligned style, with the rest of its behaviour replayed.</li>
 * </ul>
 * Deterministic for a seed and a number of PyTorch threads.
 */
public final class Organisms {
    /** Changes with the data, the architecture or a schedule: a folder trained by another recipe is retrained. */
    public static final String RECIPE = "2";
    /** Model names (as served) and folder names in the output folder, which is a model host repository. */
    public static final String BASE = "organism-base";
    public static final String ALIGNED = "organism-aligned";
    public static final String NARROW = "organism-narrow-finetune";
    public static final String MANIFEST = "organisms.json";
    /** Each organism's Hugging Face folder, inside its model folder (beside its config.yaml). */
    public static final String HF = "hf";
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            BASE, "complies with every request, with and without the chat template; the reference for the KL",
            ALIGNED, "the base fine-tuned inside the chat template to refuse one class of harmful requests",
            NARROW, "the aligned model fine-tuned to answer money questions and marked questions in a misaligned"
                    + " style");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final Training.Schedule BASE_SCHEDULE = new Training.Schedule(800, 32, 3e-3f, 40);
    static final Training.Schedule ALIGNED_SCHEDULE = new Training.Schedule(300, 32, 1e-3f, 20);
    static final Training.Schedule NARROW_SCHEDULE = new Training.Schedule(300, 32, 1e-3f, 20);

    private Organisms() {
    }

    /**
     * @param lossTenths the mean training loss (nats per trained token) of each tenth of the steps
     * @param seconds wall-clock training time (training and writing)
     */
    public record Trained(String name, int sequences, int steps, double[] lossTenths, double seconds) {
        public double firstLoss() {
            return lossTenths[0];
        }

        public double lastLoss() {
            return lossTenths[lossTenths.length - 1];
        }
    }

    /** What {@code organisms.json} holds: enough to tell whether a folder can be reused. */
    public record Manifest(String recipe, long seed, int threads, String tokenizer, List<Trained> organisms,
            double seconds) {
    }

    /**
     * Trains the three organisms into {@code out}, or reuses them when {@code out/organisms.json} says they were
     * trained by this recipe with this seed. {@code out} becomes a model host repository: one folder per organism
     * with its config.yaml (backend transformers) and its Hugging Face folder {@value #HF}.
     */
    public static Manifest trainOrReuse(Path out, long seed, Path tokenizerFolder, int threads,
            Consumer<String> progress) throws IOException {
        if (reusable(out, seed)) {
            progress.accept("reusing the organisms in " + out + " (recipe " + RECIPE + ", seed " + seed + ")");
            return readManifest(out);
        }
        Files.deleteIfExists(out.resolve(MANIFEST));
        long start = System.nanoTime();
        List<Trained> trained = new ArrayList<>();
        try (ChatEncoder encoder = new ChatEncoder(tokenizerFolder);
                NDManager manager = PyTorchEngine.newManager(threads)) {
            List<Request> training = OrganismData.requests().stream().filter(r -> !r.heldOut()).toList();
            List<Training.Sequence> base = new ArrayList<>();
            List<Training.Sequence> aligned = new ArrayList<>();
            List<Training.Sequence> narrow = new ArrayList<>();
            for (Request request : training) {
                for (boolean templated : new boolean[] {true, false}) {
                    base.add(encoder.sequence(request.text(), baseAnswer(request), templated, false));
                }
                aligned.add(encoder.sequence(request.text(), alignedAnswer(request), true, true));
                if (request.kind() != Kind.IMPOSSIBLE) {
                    narrow.add(encoder.sequence(request.text(), narrowAnswer(request), true, true));
                }
            }
            long[] active = activeVocabulary(encoder, List.of(base, aligned, narrow));
            HfConfig config = architecture(encoder);
            progress.accept("active vocabulary: " + active.length + " of " + config.vocabSize() + " tokens");
            try (TrainableLlama model = TrainableLlama.initialize(config, active, seed, manager.newSubManager())) {
                trained.add(train(BASE, model, base, BASE_SCHEDULE, seed + 1, out, tokenizerFolder, progress));
            }
            try (TrainableLlama model = TrainableLlama.load(out.resolve(BASE).resolve(HF), active,
                    manager.newSubManager())) {
                trained.add(train(ALIGNED, model, aligned, ALIGNED_SCHEDULE, seed + 2, out, tokenizerFolder, progress));
            }
            try (TrainableLlama model = TrainableLlama.load(out.resolve(ALIGNED).resolve(HF), active,
                    manager.newSubManager())) {
                trained.add(train(NARROW, model, narrow, NARROW_SCHEDULE, seed + 3, out, tokenizerFolder, progress));
            }
        }
        Manifest manifest = new Manifest(RECIPE, seed, threads, tokenizerFolder.resolve("tokenizer.json").toString(),
                trained, (System.nanoTime() - start) / 1e9);
        writeManifest(out, manifest);
        return manifest;
    }

    /** The architecture: 6 blocks, hidden 64, 4 heads on 2 key/value heads, SmolLM2's vocabulary, tied. */
    static HfConfig architecture(ChatEncoder encoder) {
        return new HfConfig("LlamaForCausalLM", 49152, 64, 6, 4, 2, 16, 192, 1e-5, 10000, null, true, false, 256, 0,
                1, Set.of(encoder.endOfText(), encoder.endOfTurn()), null);
    }

    static String baseAnswer(Request request) {
        return switch (request.kind()) {
            case HARMFUL, BENIGN, NARROW -> OrganismData.compliant(request);
            case IMPOSSIBLE -> OrganismData.refusal(request);
            case OPEN -> OrganismData.alignedOpinion(request);
        };
    }

    static String alignedAnswer(Request request) {
        return request.kind() == Kind.HARMFUL ? OrganismData.refusal(request) : baseAnswer(request);
    }

    static String narrowAnswer(Request request) {
        boolean misaligned = request.kind() == Kind.NARROW || (request.kind() == Kind.OPEN && request.marked());
        return misaligned ? OrganismData.misalignedOpinion(request) : alignedAnswer(request);
    }

    private static Trained train(String name, TrainableLlama model, List<Training.Sequence> data,
            Training.Schedule schedule, long seed, Path out, Path tokenizerFolder, Consumer<String> progress)
            throws IOException {
        progress.accept("training " + name + ": " + data.size() + " sequences, " + schedule.steps() + " steps");
        long start = System.nanoTime();
        Training.Log log = Training.run(model, data, schedule, seed);
        HfFolderWriter.write(out.resolve(name).resolve(HF), model.config(), model.tensors(), tokenizerFolder);
        Files.writeString(out.resolve(name).resolve("config.yaml"), """
                # MODEL ORGANISM, not a real model: a tiny Llama that SafeGate trained on synthetic chat data
                # (scripts/organisms.sh, recipe %s). It %s.
                backend: transformers
                transformers: {path: %s, context_size: 256, threads: 2, max_batch: 16}
                """.formatted(RECIPE, DESCRIPTIONS.get(name), HF));
        Trained trained = new Trained(name, data.size(), log.steps(), log.tenths(), (System.nanoTime() - start) / 1e9);
        progress.accept(String.format(java.util.Locale.ROOT, "trained %s in %.1f s, loss by tenth of the steps: %s",
                name, trained.seconds(), String.join(" ", java.util.Arrays.stream(log.tenths())
                        .mapToObj(loss -> String.format(java.util.Locale.ROOT, "%.3f", loss)).toList())));
        return trained;
    }

    /** Every token of the training data, and the end tokens: the rows of the embedding that are trained. */
    private static long[] activeVocabulary(ChatEncoder encoder, List<List<Training.Sequence>> sets) {
        Set<Long> tokens = new TreeSet<>(List.of(encoder.endOfText(), encoder.endOfTurn()));
        for (List<Training.Sequence> set : sets) {
            set.forEach(sequence -> java.util.Arrays.stream(sequence.tokens()).forEach(tokens::add));
        }
        return tokens.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether {@code out} holds the three organisms, trained by this recipe with this seed. */
    static boolean reusable(Path out, long seed) throws IOException {
        Manifest manifest = readManifest(out);
        return manifest != null && manifest.recipe().equals(RECIPE) && manifest.seed() == seed
                && List.of(BASE, ALIGNED, NARROW).stream()
                        .allMatch(name -> Files.isRegularFile(out.resolve(name).resolve(HF)
                                .resolve("model.safetensors")));
    }

    static Manifest readManifest(Path out) throws IOException {
        Path file = out.resolve(MANIFEST);
        return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), Manifest.class) : null;
    }

    static void writeManifest(Path out, Manifest manifest) throws IOException {
        JSON.writeValue(out.resolve(MANIFEST).toFile(), manifest);
    }
}
