package dev.safegate.orchestrator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.SharedData;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.Plan;
import dev.safegate.core.suite.SuiteLoader;
import dev.safegate.core.suite.SuiteSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    @TempDir
    Path dir;
    /** The judges and policies of the shipped models file, without the shared datasets. */
    private final Plans builtinOnly = new Plans(new SuiteLoader(Optional.empty()),
            Set.of("builtin-refusal", "qwen3guard-gen", "em-rubric"), Set.of("default", "organism"));

    @Test
    void theBuiltInCatalogueDescribesTheDemoModel() {
        ModelCatalog catalog = new ModelCatalog(builtinOnly, ModelCatalog.read(Optional.empty()));
        RegisteredModel model = catalog.find("simulated-chat").orElseThrow();
        assertEquals("simulated-chat", model.servedModel());
        assertEquals("2", model.servedVersionOf("2"));
        assertEquals(new BaselineRule("production", true), model.baseline());
        assertTrue(model.writesBackToMlflow());
        Plan plan = (Plan) model.defaultPlan();
        // Without the shared datasets, only the built-in suite.
        assertEquals(List.of("builtin"), suites(model));
        assertEquals(List.of("chat_template", "raw", "prefill"), plan.conditions().stream().map(c -> c.name()).toList());
        assertEquals(List.of("builtin-refusal", "qwen3guard-gen"), plan.judges()); // refusal, and harm labels
        assertEquals("default", plan.policy());
    }

    @Test
    void theBuiltInCatalogueDescribesTheModelOrganismWithItsWhiteBoxPlan() {
        RegisteredModel organism = new ModelCatalog(builtinOnly, ModelCatalog.read(Optional.empty()))
                .find("organism-planted").orElseThrow();
        Plan plan = (Plan) organism.defaultPlan();
        assertEquals(List.of("organism"), suites(organism));
        assertEquals(List.of("chat_template", "early_exit", "early_exit", "early_exit", "early_exit", "reference_kl",
                "prefill", "prefill", "prefill", "activations"), plan.conditions().stream().map(c -> c.name()).toList());
        assertEquals(List.of("builtin-refusal", "em-rubric"), plan.judges());
        assertEquals("organism", plan.policy());
        assertEquals(new BaselineRule(null, true), organism.baseline());
    }

    @Test
    void optionalSuitesJoinThePlanOnlyWhenTheirDataIsPresent() throws Exception {
        String yaml = """
                models:
                  - name: m
                    plan: {suites: [builtin], conditions: [raw], judges: [builtin-refusal]}
                    optional_suites: [{name: xstest, sample_size: 5, seed: 1}]
                """;
        assertEquals(List.of("builtin"), suites(new ModelCatalog(builtinOnly, file(yaml)).find("m").orElseThrow()));

        SuiteLoader shared = SuiteLoader.fromSharedData();
        Assumptions.assumeTrue(shared.availableSuites().contains("xstest"), SharedData.missingMessage("datasets/xstest"));
        Plans withData = new Plans(shared, Set.of("builtin-refusal", "qwen3guard-gen"), Set.of("default"));
        assertEquals(List.of("builtin", "xstest"), suites(new ModelCatalog(withData, file(yaml)).find("m").orElseThrow()));
    }

    @Test
    void anInvalidPlanInTheFileStopsStartUpNamingTheModel() throws Exception {
        ModelCatalog.File file = file("""
                models:
                  - name: broken
                    plan: {suites: [builtin], conditions: [raw], judges: [no-such-judge]}
                """);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ModelCatalog(builtinOnly, file));
        assertTrue(e.getMessage().contains("'broken'") && e.getMessage().contains("judges[0]"), e.getMessage());
    }

    @Test
    void anUnknownFieldInTheFileIsAnError() {
        assertThrows(IllegalStateException.class, () -> file("""
                models:
                  - name: m
                    servedmodel: typo
                    plan: {suites: [builtin], conditions: [raw], judges: [builtin-refusal]}
                """));
    }

    @Test
    void aStoredPlanReadsBackToTheSamePlan() {
        EvaluationPlan plan = new ModelCatalog(builtinOnly, ModelCatalog.read(Optional.empty())).find("simulated-chat")
                .orElseThrow().defaultPlan();
        Plan reread = (Plan) builtinOnly.parse(plan.canonicalJson());
        assertEquals(plan.hash(), reread.hash());
        assertEquals(Set.copyOf(((Plan) plan).conditions()), Set.copyOf(reread.conditions()), "the same conditions (sorted)");
    }

    private ModelCatalog.File file(String yaml) throws IOException {
        Path path = dir.resolve("models.yaml");
        Files.writeString(path, yaml);
        return ModelCatalog.read(Optional.of(path.toString()));
    }

    private static List<String> suites(RegisteredModel model) {
        return ((Plan) model.defaultPlan()).suites().stream().map(SuiteSelection::name).toList();
    }
}
