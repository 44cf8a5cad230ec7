package dev.safegate.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.condition.ChatTemplateCondition;
import dev.safegate.core.condition.EarlyExitCondition;
import dev.safegate.core.condition.PrefillCondition;
import dev.safegate.core.condition.Sampling;
import dev.safegate.core.suite.SuiteSelection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanParserTest {
    private final PlanParser parser = new PlanParser(Set.of("builtin", "xstest", "advbench"),
            Set.of("refusal_strmatch", "qwen3guard"), Set.of("default", "strict"));

    private static final String YAML = """
            model: {name: llama-guarded, version: 7, baseline_version: "6"}
            suites:
              - xstest
              - {name: advbench, sample_size: 100, seed: 7, categories: [harmful_behavior]}
            conditions:
              - chat_template
              - {name: prefill, params: {tokens: 10}}
            sampling: {temperature: 0.7, top_p: 0.95, top_k: 50, max_tokens: 200, seed: 1, samples: 3}
            judges: [refusal_strmatch, qwen3guard]
            policy: strict
            """;

    private List<PlanError> errors(String text) {
        return assertThrows(PlanValidationException.class, () -> parser.parse(text)).errors();
    }

    private static List<String> paths(List<PlanError> errors) {
        return errors.stream().map(PlanError::path).toList();
    }

    @Test
    void parsesAFullPlan() {
        Plan plan = parser.parse(YAML);
        assertEquals(new ModelRef("llama-guarded", "7", "6"), plan.model());
        assertEquals(List.of(SuiteSelection.all("xstest"),
                new SuiteSelection("advbench", 100, 7, Set.of("harmful_behavior"))), plan.suites());
        assertEquals(List.of("chat_template", "prefill"), plan.conditions().stream().map(c -> c.name()).toList());
        assertEquals(new PrefillCondition(10), plan.conditions().get(1));
        assertEquals(new Sampling(0.7, 0.95, 50, 200, 1L), plan.sampling());
        assertEquals(3, plan.samples());
        assertEquals(List.of("refusal_strmatch", "qwen3guard"), plan.judges());
        assertEquals("strict", plan.policy());
    }

    @Test
    void aDepthSweepEntryExpandsIntoOneConditionPerLayer() {
        Plan plan = parser.parse("""
                suites: [builtin]
                conditions: [chat_template, {name: early_exit, params: {layers: [2, 4]}}]
                judges: [qwen3guard]
                """);
        assertEquals(List.of(new ChatTemplateCondition(null), new EarlyExitCondition(2), new EarlyExitCondition(4)),
                plan.conditions());
        assertEquals(List.of("conditions[1]"), paths(errors("""
                suites: [builtin]
                conditions: [{name: early_exit, params: {layer: 2}}, {name: early_exit, params: {layers: [1, 2]}}]
                judges: [qwen3guard]
                """)));
        assertEquals(List.of("conditions[0].params.layers"), paths(errors("""
                suites: [builtin]
                conditions: [{name: early_exit, params: {layers: []}}]
                judges: [qwen3guard]
                """)));
    }

    @Test
    void defaultsForSamplingPolicyAndModel() {
        Plan plan = parser.parse("suites: [builtin]\nconditions: [raw]\njudges: [qwen3guard]\n");
        assertEquals(Sampling.DEFAULT, plan.sampling());
        assertEquals(1, plan.samples());
        assertEquals(PlanParser.DEFAULT_POLICY, plan.policy());
        assertNull(plan.model());
    }

    @Test
    void jsonAndYamlOfTheSamePlanHashTheSame() {
        String json = """
                {"policy": "strict", "judges": ["qwen3guard", "refusal_strmatch"],
                 "sampling": {"samples": 3, "seed": 1, "max_tokens": 200, "top_k": 50, "top_p": 0.95, "temperature": 0.70},
                 "conditions": [{"name": "prefill", "params": {"tokens": 10}}, {"name": "chat_template"}],
                 "suites": [{"name": "advbench", "seed": 7, "sample_size": 100, "categories": ["harmful_behavior"]},
                            {"name": "xstest"}],
                 "model": {"name": "other-model", "version": "1"}}
                """;
        Plan fromJson = parser.parse(json);
        Plan fromYaml = parser.parse(YAML);
        assertEquals(fromYaml.canonicalJson(), fromJson.canonicalJson());
        assertEquals(fromYaml.hash(), fromJson.hash());
        assertEquals(64, fromYaml.hash().length());
    }

    @Test
    void anyContentChangeChangesTheHash() {
        String base = parser.parse(YAML).hash();
        assertNotEquals(base, parser.parse(YAML.replace("tokens: 10", "tokens: 20")).hash());
        assertNotEquals(base, parser.parse(YAML.replace("seed: 7", "seed: 8")).hash());
        assertNotEquals(base, parser.parse(YAML.replace("samples: 3", "samples: 4")).hash());
        assertNotEquals(base, parser.parse(YAML.replace("policy: strict", "policy: default")).hash());
    }

    @Test
    void impossibleSamplingValuesAreAllReported() {
        List<PlanError> errors = errors("""
                suites: [builtin]
                conditions: [raw]
                judges: [qwen3guard]
                sampling: {temperature: -0.5, top_p: 0, top_k: -1, max_tokens: 0, samples: 0}
                """);
        assertEquals(Set.of("sampling.temperature", "sampling.top_p", "sampling.top_k", "sampling.max_tokens",
                "sampling.samples"), Set.copyOf(paths(errors)));
        assertTrue(errors("suites: [builtin]\nconditions: [raw]\njudges: [qwen3guard]\nsampling: {top_p: 1.01}\n")
                .getFirst().reason().contains("(0, 1]"));
    }

    @Test
    void unknownNamesAndBadParametersCarryTheirPaths() {
        List<PlanError> errors = errors("""
                suites: [builtin, harmbench, {name: xstest, sample_size: -1}]
                conditions:
                  - chat_template
                  - jailbreak
                  - {name: prefill}
                  - {name: decoding, params: {temperature: 2.0, top_q: 1}}
                judges: [qwen3guard, gpt5]
                policy: lenient
                extra: 1
                """);
        assertEquals(List.of("extra", "suites[1].name", "suites[2].sample_size", "conditions[1].name",
                "conditions[2].params.tokens", "conditions[3].params.top_q", "judges[1]", "policy"), paths(errors));
        assertTrue(errors.get(1).reason().contains("unknown suite 'harmbench'"));
        assertTrue(errors.get(3).reason().contains("unknown condition 'jailbreak'"));
    }

    @Test
    void duplicatesAndMissingListsAreErrors() {
        List<PlanError> errors = errors("""
                suites: [builtin, builtin]
                conditions: [raw, {name: raw}]
                judges: []
                """);
        assertEquals(List.of("suites[1].name", "conditions[1]", "judges"), paths(errors));
        assertEquals(List.of("suites", "conditions", "judges"), paths(errors("policy: default\n")));
    }

    @Test
    void unreadableDocumentIsOneError() {
        List<PlanError> errors = errors("suites: [builtin\n");
        assertEquals(List.of(""), paths(errors));
        assertTrue(errors.getFirst().reason().startsWith("not valid YAML or JSON"));
        assertEquals(List.of(""), paths(errors("- just\n- a list\n")));
    }
}
