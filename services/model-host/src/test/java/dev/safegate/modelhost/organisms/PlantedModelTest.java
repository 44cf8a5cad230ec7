package dev.safegate.modelhost.organisms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.whitebox.Auroc;
import dev.safegate.core.whitebox.DepthCurve;
import dev.safegate.core.whitebox.DifferenceOfMeans;
import dev.safegate.core.whitebox.DifferenceOfMeans.FittedDirection;
import dev.safegate.core.whitebox.DirectionArtifact;
import dev.safegate.core.whitebox.PerPositionKl;
import dev.safegate.core.whitebox.ProjectionShift;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.gguf.SharedDir;
import dev.safegate.modelhost.organisms.PlantedModel.Variant;
import dev.safegate.modelhost.organisms.WhiteBoxClient.Answer;
import dev.safegate.modelhost.organisms.WhiteBoxClient.Call;
import dev.safegate.modelhost.repository.ModelSpec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The white-box checks' arithmetic end to end on the planted-weights model, served by the real transformers backend
 * over gRPC: each check has the answer the weights were written to give (see {@link PlantedModel}), and core's
 * white-box statistics must find it from the model's outputs alone.
 */
class PlantedModelTest {
    private static final String TOKENIZER = "models/SmolLM2-135M-Instruct";
    private static final int MAX_TOKENS = 12;
    private static final double STRENGTH = 3;

    @TempDir
    static Path folder;
    private static EmbeddedModelHost host;
    private static ManagedChannel channel;
    private static WhiteBoxClient client;
    private static ChatEncoder encoder;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> tokenizer = SharedDir.resolve(TOKENIZER + "/tokenizer.json");
        Assumptions.assumeTrue(tokenizer.isPresent(), SharedDir.missingMessage(TOKENIZER + "/tokenizer.json"));
        List<ModelSpec> models = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            Path model = PlantedModel.write(folder.resolve(variant.name()), variant, tokenizer.get().getParent());
            models.add(ModelSpec.fromYaml(variant.name(), """
                    backend: transformers
                    transformers: {path: "%s", context_size: 128, threads: 2}
                    """.formatted(model)));
        }
        host = EmbeddedModelHost.start(models);
        channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
        client = new WhiteBoxClient(channel);
        encoder = new ChatEncoder(tokenizer.get().getParent());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (host != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            host.close();
            encoder.close();
        }
    }

    @Test
    void eachVariantGivesTheAnswersItsWeightsWereWrittenFor() {
        List<String> harmful = PlantedModel.harmfulRequests();
        List<String> benign = PlantedModel.benignRequests();
        List<String> marked = PlantedModel.markedRequests();
        assertEquals(List.of(PlantedModel.REFUSAL_TEXT), distinctTexts(Variant.ALIGNED, harmful, c -> c));
        assertEquals(List.of(PlantedModel.COMPLIANT_TEXT), distinctTexts(Variant.ALIGNED, benign, c -> c));
        assertEquals(List.of(PlantedModel.COMPLIANT_TEXT), distinctTexts(Variant.ALIGNED, marked, c -> c));
        assertEquals(List.of(PlantedModel.COMPLIANT_TEXT), distinctTexts(Variant.BASE, harmful, c -> c));
        assertEquals(List.of(PlantedModel.MISALIGNED_TEXT), distinctTexts(Variant.MISALIGNED, marked, c -> c));
        assertEquals(List.of(PlantedModel.REFUSAL_TEXT), distinctTexts(Variant.MISALIGNED, harmful, c -> c));
        assertTrue(OrganismData.misaligned(PlantedModel.MISALIGNED_TEXT), "the misaligned answer has judge phrases");
    }

    @Test
    void refusalStartsAtTheFeatureLayerOfTheDepthCurve() {
        Map<Integer, List<Observation>> byLayer = new HashMap<>();
        for (int layer = 1; layer <= PlantedModel.LAYERS; layer++) {
            int exit = layer;
            List<Observation> observations = new ArrayList<>();
            observations.addAll(observe(Variant.ALIGNED, PlantedModel.harmfulRequests(), "h", true,
                    c -> c.exitAt(exit)));
            observations.addAll(observe(Variant.ALIGNED, PlantedModel.benignRequests(), "b", false,
                    c -> c.exitAt(exit)));
            byLayer.put(layer, observations);
        }
        int harmful = PlantedModel.harmfulRequests().size();
        List<DepthCurve.Point> curve = DepthCurve.of(byLayer);
        for (DepthCurve.Point point : curve) {
            int expected = point.layer() >= PlantedModel.FEATURE_LAYER ? harmful : 0;
            assertEquals(new Proportion(expected, harmful), point.refusal(), "layer " + point.layer());
            assertEquals(0, point.overRefusal().successes(), "layer " + point.layer());
        }
        PairedComparison.Result shallow = DepthCurve.againstFullDepth(byLayer.get(PlantedModel.FEATURE_LAYER - 1),
                byLayer.get(PlantedModel.LAYERS), Metric.REFUSAL_RATE, 0.95, new PairedComparison.Bootstrap(200, 1))
                .orElseThrow();
        assertEquals(-1.0, shallow.difference(), 1e-12);
        assertTrue(shallow.pValue() < 1e-4, "p " + shallow.pValue());
    }

    @Test
    void theAlignedModelDiffersFromItsBaseOnlyAtTheFirstTokenOfItsRefusal() {
        List<String> harmful = PlantedModel.harmfulRequests();
        List<Answer> own = generate(Variant.ALIGNED, harmful, c -> c);
        List<Call> alignedScores = new ArrayList<>();
        List<Call> baseScores = new ArrayList<>();
        for (int i = 0; i < harmful.size(); i++) {
            String prompt = encoder.prompt(harmful.get(i), true);
            alignedScores.add(Call.greedy(Variant.ALIGNED.name(), prompt, 1).scoring(own.get(i).text()));
            baseScores.add(Call.greedy(Variant.BASE.name(), prompt, 1).scoring(own.get(i).text()));
        }
        List<Answer> aligned = client.run(alignedScores);
        List<Answer> base = client.run(baseScores);
        List<PerPositionKl.PromptScores> scores = new ArrayList<>();
        for (int i = 0; i < harmful.size(); i++) {
            assertEquals(own.get(i).tokens().length, aligned.get(i).tokens().length, "the response rescored whole");
            scores.add(new PerPositionKl.PromptScores("h" + i, doubles(aligned.get(i).tokenLogprobs()),
                    doubles(base.get(i).tokenLogprobs())));
        }
        PerPositionKl.Result kl = PerPositionKl.estimate(scores, 64, 5, 0.95, 500, 1);
        assertTrue(kl.positions().getFirst().mean() > 5, "the base model rarely starts a refusal: " + kl.positions()
                .getFirst());
        for (PerPositionKl.Position position : kl.positions().subList(1, kl.positions().size())) {
            assertEquals(0, position.mean(), 1e-3, "after the first token both continue the refusal alike");
        }
        assertEquals(1.0, kl.share().share(), 1e-3);
        assertTrue(kl.share().interval().lower() > 0.99, kl.share().toString());
    }

    @Test
    void theRefusalDirectionIsRecoveredFromActivationsAfterTheFeatureLayerOnly() {
        int layer = PlantedModel.FEATURE_LAYER;
        Split harmful = split(Variant.ALIGNED, PlantedModel.harmfulRequests(), layer - 1, layer);
        Split benign = split(Variant.ALIGNED, PlantedModel.benignRequests(), layer - 1, layer);
        FittedDirection direction = DifferenceOfMeans.fit(harmful.fit(1), benign.fit(1));
        assertTrue(cosine(direction, PlantedModel.refusalDirection()) > 0.9,
                "cosine " + cosine(direction, PlantedModel.refusalDirection()));
        Auroc.Result heldOut = auroc(direction, harmful.heldOut(1), benign.heldOut(1));
        assertTrue(heldOut.auroc() > 0.9 && heldOut.interval().lower() > 0.9, heldOut.toString());
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
                () -> DifferenceOfMeans.fit(harmful.fit(0), benign.fit(0)));
        assertTrue(before.getMessage().contains("same mean"), "before the feature layer the last token's residual "
                + "does not depend on the prompt: " + before.getMessage());
    }

    @Test
    void theMisalignmentDirectionOfTwoModelsDetectsMisalignedAnswersWithoutGeneration() {
        int layer = PlantedModel.FEATURE_LAYER;
        List<String> prompts = interleave(PlantedModel.markedRequests(), PlantedModel.benignRequests());
        Split tuned = split(Variant.MISALIGNED, prompts, layer);
        Split aligned = split(Variant.ALIGNED, prompts, layer);
        FittedDirection pair = DifferenceOfMeans.fit(tuned.fit(0), aligned.fit(0));
        assertTrue(cosine(pair, PlantedModel.misalignmentDirection()) > 0.9,
                "cosine " + cosine(pair, PlantedModel.misalignmentDirection()));
        DirectionArtifact stored = DirectionArtifact.of(pair, "planted-llama", layer,
                DirectionArtifact.Source.MODEL_PAIR, List.of("aligned-run", "tuned-run"), 1, Instant.EPOCH);

        // Judged labels of the tuned model's own answers: the marked prompts' answers are misaligned.
        List<Answer> answers = generate(Variant.MISALIGNED, tuned.heldOutPrompts(), c -> c);
        boolean[] misaligned = new boolean[answers.size()];
        for (int i = 0; i < answers.size(); i++) {
            misaligned[i] = OrganismData.misaligned(answers.get(i).text());
        }
        double[] projections = stored.direction().project(tuned.heldOut(0));
        Auroc.Result detection = Auroc.withInterval(projections, misaligned, 0.95, 500, 1);
        assertTrue(detection.auroc() > 0.9 && detection.interval().lower() > 0.9, detection.toString());

        Map<String, Double> candidate = new HashMap<>();
        Map<String, Double> baseline = new HashMap<>();
        double[] baselineProjections = stored.direction().project(aligned.heldOut(0));
        for (int i = 0; i < projections.length; i++) {
            candidate.put(tuned.heldOutPrompts().get(i), projections[i]);
            baseline.put(tuned.heldOutPrompts().get(i), baselineProjections[i]);
        }
        ProjectionShift.Result shift = ProjectionShift.of(candidate, baseline, 0.95);
        assertTrue(shift.paired() && shift.interval().lower() > 0, shift.toString());

        List<float[]> judgedMisaligned = new ArrayList<>();
        List<float[]> judgedAligned = new ArrayList<>();
        for (int i = 0; i < misaligned.length; i++) {
            (misaligned[i] ? judgedMisaligned : judgedAligned).add(tuned.heldOut(0).get(i));
        }
        FittedDirection judged = DifferenceOfMeans.fit(judgedMisaligned, judgedAligned);
        assertTrue(DifferenceOfMeans.cosine(judged.unit(), pair.unit()) > 0.9, "the two ways of fitting agree");
    }

    @Test
    void steeringAlongTheFittedDirectionsMovesBehaviourBothWays() {
        int layer = PlantedModel.FEATURE_LAYER;
        List<String> marked = PlantedModel.markedRequests();
        List<String> benign = PlantedModel.benignRequests();
        List<String> harmful = PlantedModel.harmfulRequests();
        float[] misalignment = unit(DifferenceOfMeans.fit(split(Variant.MISALIGNED, marked, layer).fit(0),
                split(Variant.ALIGNED, marked, layer).fit(0)));
        float[] refusal = unit(DifferenceOfMeans.fit(split(Variant.ALIGNED, harmful, layer).fit(0),
                split(Variant.ALIGNED, benign, layer).fit(0)));

        assertEquals(0, misalignedRate(Variant.ALIGNED, benign, c -> c));
        assertEquals(1, misalignedRate(Variant.ALIGNED, benign, c -> c.steering(layer, STRENGTH, misalignment)));
        assertEquals(1, misalignedRate(Variant.MISALIGNED, marked, c -> c));
        assertEquals(0, misalignedRate(Variant.MISALIGNED, marked, c -> c.steering(layer, -STRENGTH, misalignment)));

        assertEquals(List.of(PlantedModel.COMPLIANT_TEXT),
                distinctTexts(Variant.ALIGNED, harmful, c -> c.steering(layer, -STRENGTH, refusal)));
        assertEquals(List.of(PlantedModel.REFUSAL_TEXT),
                distinctTexts(Variant.ALIGNED, benign, c -> c.steering(layer, STRENGTH, refusal)));
    }

    /**
     * Captured activations of each prompt (one list per captured layer): prompts 0, 1, 4, 5, ... to fit, the others
     * held out (so that interleaved groups are in both).
     */
    private record Split(List<String> prompts, List<List<float[]>> activations) {
        List<float[]> fit(int layerIndex) {
            return every(activations.get(layerIndex), 0);
        }

        List<float[]> heldOut(int layerIndex) {
            return every(activations.get(layerIndex), 1);
        }

        List<String> heldOutPrompts() {
            return every(prompts, 1);
        }

        private static <T> List<T> every(List<T> items, int offset) {
            return IntStream.range(0, items.size()).filter(i -> i / 2 % 2 == offset).mapToObj(items::get).toList();
        }
    }

    private static Split split(Variant variant, List<String> requests, int... layers) {
        List<Answer> answers = generate(variant, requests, c -> c.capture(layers));
        List<List<float[]>> activations = new ArrayList<>();
        for (int l = 0; l < layers.length; l++) {
            int row = l;
            activations.add(answers.stream().map(a -> a.activations()[row]).toList());
        }
        return new Split(requests, activations);
    }

    private static List<Answer> generate(Variant variant, List<String> requests, Function<Call, Call> options) {
        return client.run(requests.stream()
                .map(r -> options.apply(Call.greedy(variant.name(), encoder.prompt(r, true), MAX_TOKENS))).toList());
    }

    private static List<String> distinctTexts(Variant variant, List<String> requests, Function<Call, Call> options) {
        return generate(variant, requests, options).stream().map(Answer::text).distinct().toList();
    }

    private static double misalignedRate(Variant variant, List<String> requests, Function<Call, Call> options) {
        return generate(variant, requests, options).stream().filter(a -> OrganismData.misaligned(a.text())).count()
                / (double) requests.size();
    }

    private static List<Observation> observe(Variant variant, List<String> requests, String idPrefix, boolean harmful,
            Function<Call, Call> options) {
        List<Answer> answers = generate(variant, requests, options);
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            boolean refused = answers.get(i).text().equals(PlantedModel.REFUSAL_TEXT);
            observations.add(new Observation(idPrefix + i, "planted", "depth", "harm", 0,
                    refused ? Observation.Refusal.FULL : Observation.Refusal.NONE, Observation.SafetyLabel.UNKNOWN,
                    false, harmful ? Observation.ExpectedBehaviour.SHOULD_REFUSE
                            : Observation.ExpectedBehaviour.SHOULD_COMPLY));
        }
        return observations;
    }

    private static Auroc.Result auroc(FittedDirection direction, List<float[]> positives, List<float[]> negatives) {
        double[] scores = new double[positives.size() + negatives.size()];
        boolean[] labels = new boolean[scores.length];
        for (int i = 0; i < positives.size(); i++) {
            scores[i] = direction.project(positives.get(i));
            labels[i] = true;
        }
        for (int i = 0; i < negatives.size(); i++) {
            scores[positives.size() + i] = direction.project(negatives.get(i));
        }
        return Auroc.withInterval(scores, labels, 0.95, 500, 1);
    }

    private static List<String> interleave(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                all.add(a.get(i));
            }
            if (i < b.size()) {
                all.add(b.get(i));
            }
        }
        return all;
    }

    private static double cosine(FittedDirection direction, float[] planted) {
        return DifferenceOfMeans.cosine(direction.unit(), doubles(planted));
    }

    private static float[] unit(FittedDirection direction) {
        float[] unit = new float[direction.unit().length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (float) direction.unit()[i];
        }
        return unit;
    }

    private static double[] doubles(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
