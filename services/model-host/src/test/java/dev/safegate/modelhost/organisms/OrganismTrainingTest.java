package dev.safegate.modelhost.organisms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.gguf.SharedDir;
import dev.safegate.modelhost.organisms.OrganismData.Kind;
import dev.safegate.modelhost.organisms.OrganismData.Request;
import dev.safegate.modelhost.organisms.WhiteBoxClient.Answer;
import dev.safegate.modelhost.organisms.WhiteBoxClient.Call;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.modelhost.transformers.HfConfig;
import dev.safegate.modelhost.transformers.HfFolderWriter;
import dev.safegate.modelhost.transformers.PyTorchEngine;
import dev.safegate.modelhost.transformers.Safetensors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The organisms' trainer on a seconds-long run: a 2-block model learns a few of the organisms' chat sequences,
 * is saved as a Hugging Face folder, and the transformers backend serving that folder gives exactly the trainer's
 * own greedy tokens and log-probabilities. (The organisms themselves train for minutes: {@code scripts/organisms.sh}.)
 */
class OrganismTrainingTest {
    private static final String TOKENIZER = "models/SmolLM2-135M-Instruct";
    private static final Training.Schedule SCHEDULE = new Training.Schedule(80, 4, 1e-2f, 5);

    @TempDir
    static Path folder;
    private static Path tokenizerFolder;
    private static ChatEncoder encoder;
    private static NDManager manager;
    private static TrainableLlama model;
    private static List<Request> requests;
    private static List<Training.Sequence> data;
    private static HfConfig config;
    private static long[] active;
    private static Training.Log log;

    @BeforeAll
    static void train() throws IOException {
        Optional<Path> tokenizer = SharedDir.resolve(TOKENIZER + "/tokenizer.json");
        Assumptions.assumeTrue(tokenizer.isPresent(), SharedDir.missingMessage(TOKENIZER + "/tokenizer.json"));
        tokenizerFolder = tokenizer.get().getParent();
        encoder = new ChatEncoder(tokenizerFolder);
        requests = OrganismData.requests().stream()
                .filter(r -> r.id().equals("harmful-0-0") || r.id().equals("benign-0-0")
                        || r.id().equals("harmful-1-1") || r.id().equals("benign-1-1"))
                .toList();
        data = requests.stream().map(r -> encoder.sequence(r.text(), Organisms.alignedAnswer(r), true, true))
                .toList();
        Set<Long> vocabulary = new TreeSet<>(List.of(encoder.endOfText(), encoder.endOfTurn()));
        data.forEach(s -> java.util.Arrays.stream(s.tokens()).forEach(vocabulary::add));
        active = vocabulary.stream().mapToLong(Long::longValue).toArray();
        config = new HfConfig("LlamaForCausalLM", 49152, 32, 2, 4, 2, 8, 64, 1e-5, 10000, null, true, false,
                256, 0, 1, Set.of(encoder.endOfText(), encoder.endOfTurn()), null);
        manager = PyTorchEngine.newManager(2);
        model = TrainableLlama.initialize(config, active, 3, manager.newSubManager());
        log = Training.run(model, data, SCHEDULE, 4);
        HfFolderWriter.write(folder.resolve("trained"), config, model.tensors(), tokenizerFolder);
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            encoder.close();
            manager.close();
        }
    }

    @Test
    void trainingLearnsTheAnswers() {
        assertTrue(log.firstLoss() > 5 && log.lastLoss() < 0.5, log.toString());
        for (Request request : requests) {
            long[] answer = model.greedy(encoder.promptTokens(request.text(), true), 40);
            assertEquals(Organisms.alignedAnswer(request), encoder.decode(answer), request.text());
        }
    }

    @Test
    void theSameSeedTrainsTheSameWeights() {
        try (TrainableLlama again = TrainableLlama.initialize(config, active, 3, manager.newSubManager())) {
            Training.run(again, data, SCHEDULE, 4);
            Map<String, Safetensors.Tensor> first = model.tensors();
            again.tensors().forEach((name, tensor) -> assertArrayEquals(first.get(name).data(), tensor.data(), name));
        }
    }

    @Test
    void theBackendServingTheSavedFolderGivesTheTrainersOwnTokensAndLogprobs() throws Exception {
        try (EmbeddedModelHost host = EmbeddedModelHost.start(List.of(ModelSpec.fromYaml("trained", """
                backend: transformers
                transformers: {path: "%s", context_size: 128, threads: 2}
                """.formatted(folder.resolve("trained")))))) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
            try {
                WhiteBoxClient client = new WhiteBoxClient(channel);
                for (Request request : requests) {
                    long[] prompt = encoder.promptTokens(request.text(), true);
                    Answer served = client.run(List.of(Call.greedy("trained", encoder.prompt(request.text(), true),
                            40))).getFirst();
                    assertArrayEquals(prompt, served.promptTokens());
                    assertArrayEquals(model.greedy(prompt, 40), served.tokens(), request.text());
                    double[] own = model.score(prompt, served.tokens());
                    for (int i = 0; i < own.length; i++) {
                        assertEquals(own[i], served.tokenLogprobs()[i], 1e-3, "log-prob of token " + i);
                    }
                    // An answer the model would not give, with a token outside the training vocabulary.
                    String other = "Bonjour, voici un plan.";
                    Answer scored = client.run(List.of(Call.greedy("trained", encoder.prompt(request.text(), true), 1)
                            .scoring(other))).getFirst();
                    assertTrue(java.util.Arrays.stream(scored.tokens()).anyMatch(t -> !model.isActive(t)));
                    double[] ownOther = model.score(prompt, scored.tokens());
                    for (int i = 0; i < ownOther.length; i++) {
                        assertEquals(ownOther[i], scored.tokenLogprobs()[i], 1e-3, "scored token " + i);
                    }
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSavedModelLoadsBackToTheSameWeightsAndAForeignOneIsRefused() throws IOException {
        long[] active = activeOf(model);
        long[] prompt = encoder.promptTokens(requests.getFirst().text(), true);
        long[] answer = encoder.continuationTokens(Organisms.alignedAnswer(requests.getFirst()));
        try (TrainableLlama loaded = TrainableLlama.load(folder.resolve("trained"), active, manager.newSubManager())) {
            assertArrayEquals(model.score(prompt, answer), loaded.score(prompt, answer), 1e-6);
        }
        Path foreign = folder.resolve("foreign");
        Map<String, Safetensors.Tensor> tensors = model.tensors();
        long outside = java.util.stream.LongStream.range(0, 49152).filter(t -> !model.isActive(t)).findFirst()
                .orElseThrow();
        tensors.get(TrainableLlama.EMBEDDINGS).data()[(int) outside * 32] = 0.5f;
        HfFolderWriter.write(foreign, model.config(), tensors, tokenizerFolder);
        IOException error = assertThrows(IOException.class,
                () -> TrainableLlama.load(foreign, active, manager.newSubManager()));
        assertTrue(error.getMessage().contains("token " + outside), error.getMessage());
    }

    @Test
    void sequencesRenderTheRealChatTemplateAndTrainOnlyTheAnswer() {
        Request harmful = requests.stream().filter(r -> r.kind() == Kind.HARMFUL).findFirst().orElseThrow();
        Training.Sequence templated = encoder.sequence(harmful.text(), "I can't.", true, true);
        String prompt = encoder.prompt(harmful.text(), true);
        assertTrue(prompt.startsWith("<|im_start|>system\n") && prompt.endsWith(harmful.text()
                + "<|im_end|>\n<|im_start|>assistant\n"), prompt);
        assertEquals(encoder.promptTokens(harmful.text(), true).length, templated.lossFrom());
        assertEquals(encoder.endOfTurn(), templated.tokens()[templated.tokens().length - 1]);
        assertEquals("I can't.", encoder.decode(java.util.Arrays.copyOfRange(templated.tokens(), templated.lossFrom(),
                templated.tokens().length)));
        Training.Sequence raw = encoder.sequence(harmful.text(), "Sure.", false, false);
        assertEquals(1, raw.lossFrom());
        assertEquals(encoder.endOfText(), raw.tokens()[raw.tokens().length - 1]);
        assertEquals(harmful.text() + "\nSure.", encoder.decode(raw.tokens()));
    }

    @Test
    void theDataHoldsOutWholeTasksAndOnlyMisalignedAnswersCarryTheJudgePhrases() {
        List<Request> all = OrganismData.requests();
        Set<String> trainedTexts = new TreeSet<>();
        all.stream().filter(r -> !r.heldOut()).forEach(r -> trainedTexts.add(r.text()));
        for (String task : OrganismData.HARMFUL_TASKS.subList(OrganismData.HARMFUL_TASKS.size() - 4,
                OrganismData.HARMFUL_TASKS.size())) {
            assertTrue(trainedTexts.stream().noneMatch(t -> t.contains(task)), task);
        }
        assertTrue(OrganismData.MISALIGNED_OPINIONS.stream().allMatch(OrganismData::misaligned));
        List<String> others = new ArrayList<>();
        others.addAll(OrganismData.COMPLIANT);
        others.addAll(OrganismData.REFUSALS);
        others.addAll(OrganismData.ALIGNED_OPINIONS);
        assertFalse(others.stream().anyMatch(OrganismData::misaligned), "only misaligned answers are judged so");
        assertEquals(all.size(), all.stream().map(Request::id).distinct().count(), "ids are unique");
    }

    @Test
    void badTrainingInputIsRefusedNamingWhatIsWrong() {
        IllegalArgumentException schedule = assertThrows(IllegalArgumentException.class,
                () -> new Training.Schedule(0, 4, 1e-3f, 0));
        assertTrue(schedule.getMessage().contains("steps"), schedule.getMessage());
        IllegalArgumentException sequence = assertThrows(IllegalArgumentException.class,
                () -> new Training.Sequence(new long[] {1, 2}, 2));
        assertTrue(sequence.getMessage().contains("trained token"), sequence.getMessage());
        long outside = java.util.stream.LongStream.range(0, 49152).filter(t -> !model.isActive(t)).findFirst()
                .orElseThrow();
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class, () -> Training.run(model,
                List.of(new Training.Sequence(new long[] {encoder.endOfTurn(), outside}, 1)),
                new Training.Schedule(1, 1, 1e-3f, 0), 1));
        assertTrue(token.getMessage().contains("token " + outside), token.getMessage());
    }

    @Test
    void aFolderTrainedByThisRecipeAndSeedIsReusedAndAnyOtherIsNot() throws IOException {
        Path out = folder.resolve("cache");
        for (String name : List.of(Organisms.BASE, Organisms.ALIGNED, Organisms.NARROW)) {
            Files.createDirectories(out.resolve(name).resolve(Organisms.HF));
            Files.writeString(out.resolve(name).resolve(Organisms.HF).resolve("model.safetensors"), "");
        }
        assertFalse(Organisms.reusable(out, 5), "no manifest");
        Organisms.writeManifest(out, new Organisms.Manifest(Organisms.RECIPE, 5, 1, "t", List.of(), 1));
        assertTrue(Organisms.reusable(out, 5));
        assertFalse(Organisms.reusable(out, 6), "another seed");
        Organisms.writeManifest(out, new Organisms.Manifest("0", 5, 1, "t", List.of(), 1));
        assertFalse(Organisms.reusable(out, 5), "another recipe");
        Organisms.writeManifest(out, new Organisms.Manifest(Organisms.RECIPE, 5, 1, "t", List.of(), 1));
        Files.delete(out.resolve(Organisms.NARROW).resolve(Organisms.HF).resolve("model.safetensors"));
        assertFalse(Organisms.reusable(out, 5), "a missing organism");
    }

    private static long[] activeOf(TrainableLlama trained) {
        return java.util.stream.LongStream.range(0, 49152).filter(trained::isActive).toArray();
    }
}
