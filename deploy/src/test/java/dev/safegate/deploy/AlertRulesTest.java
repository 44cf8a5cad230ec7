package dev.safegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** files/alerts.yaml: the contract's alerts, checked and unit-tested by promtool when it is installed. */
class AlertRulesTest {

    private static final Path RULES = HelmChart.DIR.resolve("files/alerts.yaml");
    private static final Path UNIT_TESTS = HelmChart.DIR.resolve("tests/alerts-test.yaml");
    private static final List<String> ALERTS = List.of("SafeGateSafetyRegression", "SafeGateRefusalBelowFloor",
            "SafeGateEvaluationStalled", "SafeGateDeadLetterGrowing", "SafeGateJudgeErrorRateHigh");

    @Test
    void rulesFileHoldsTheContractAlertsWithSummaryDescriptionAndRunbook() throws IOException {
        JsonNode group = KubernetesModel.YAML.readTree(RULES.toFile()).at("/groups/0");
        List<String> names = new ArrayList<>();
        group.path("rules").forEach(rule -> {
            String name = rule.path("alert").asText();
            names.add(name);
            JsonNode annotations = rule.path("annotations");
            assertTrue(annotations.path("summary").isTextual(), name);
            assertTrue(annotations.path("description").asText().contains("{{ $value"), name + " description shows the value");
            assertTrue(annotations.path("description").asText().contains("{{ $labels."), name + " description shows labels");
            assertEquals("README.md#" + name.toLowerCase(), annotations.path("runbook_url").asText().replaceAll(".*/", ""), name);
            assertTrue(rule.path("labels").path("severity").isTextual(), name);
        });
        assertEquals("safegate.rules", group.path("name").asText());
        assertEquals(ALERTS, names);
    }

    @Test
    void everyAlertHasAFiringAndASilentUnitTest() throws IOException {
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (JsonNode test : KubernetesModel.YAML.readTree(UNIT_TESTS.toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? silent : fires).add(check.path("alertname").asText());
            }
        }
        assertEquals(Set.copyOf(ALERTS), fires);
        assertEquals(Set.copyOf(ALERTS), silent);
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        assertPromtoolSucceeds("check", "rules", RULES.toString());
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        assertPromtoolSucceeds("test", "rules", UNIT_TESTS.toString());
    }

    private static void assertPromtoolSucceeds(String... arguments) throws Exception {
        Optional<Path> promtool = promtool();
        Assumptions.assumeTrue(promtool.isPresent(),
                "promtool is not installed: skipping (install it with `apt-get install -y prometheus`)");
        List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
    }

    private static Optional<Path> promtool() {
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
