package dev.safegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** files/dashboard.json: template variables, the panels the issue lists, and only SafeGate's metric names. */
class DashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b(safegate_[a-z_]+)");
    private static final List<String> CONTRACT_METRICS = List.of(
            "safegate_refusal_ratio", "safegate_refusal_ratio_lower", "safegate_refusal_ratio_upper",
            "safegate_unsafe_ratio", "safegate_unsafe_ratio_lower", "safegate_unsafe_ratio_upper",
            "safegate_run_decision", "safegate_run_progress_ratio", "safegate_runs_incomplete", "safegate_runs_stalled",
            "safegate_verdicts_ingested_total", "safegate_judge_verdicts_total", "safegate_judge_errors_total",
            "safegate_dlq_messages_total",
            "safegate_generations_total", "safegate_model_call_duration_seconds_bucket",
            "safegate_misalignment_ratio", "safegate_misalignment_ratio_lower", "safegate_misalignment_ratio_upper",
            "safegate_unsafe_at_k_ratio", "safegate_unsafe_at_k_ratio_lower", "safegate_unsafe_at_k_ratio_upper",
            "safegate_unreliability_ratio", "safegate_unreliability_ratio_lower", "safegate_unreliability_ratio_upper",
            "safegate_kl_first_tokens_ratio", "safegate_kl_first_tokens_ratio_lower",
            "safegate_kl_first_tokens_ratio_upper", "safegate_detection_auroc_ratio",
            "safegate_detection_auroc_ratio_lower", "safegate_detection_auroc_ratio_upper",
            "safegate_direction_projection_shift", "safegate_direction_projection_shift_lower",
            "safegate_direction_projection_shift_upper", "safegate_image_background_reliance_ratio",
            "safegate_image_confident_outside_ratio");

    private final JsonNode dashboard = read();

    @Test
    void hasModelSuiteAndConditionVariables() {
        List<String> variables = new ArrayList<>();
        dashboard.at("/templating/list").forEach(v -> variables.add(v.path("name").asText()));

        assertTrue(variables.containsAll(List.of("datasource", "model", "suite", "condition")), variables.toString());
    }

    @Test
    void panelsCoverDecisionRatiosProgressIngestionDlqJudgeErrorsAndLatency() {
        String exprs = allExpressions();

        for (String metric : List.of("safegate_run_decision", "safegate_refusal_ratio_lower", "safegate_refusal_ratio_upper",
                "safegate_unsafe_ratio", "safegate_run_progress_ratio", "safegate_verdicts_ingested_total",
                "safegate_dlq_messages_total", "safegate_judge_errors_total", "safegate_model_call_duration_seconds_bucket")) {
            assertTrue(exprs.contains(metric), "no panel queries " + metric);
        }
    }

    @Test
    void panelsCoverTheWaveTwoMeasuresMisalignmentRepeatsWhiteBoxAndImageAudits() {
        String exprs = allExpressions();

        for (String metric : List.of("safegate_misalignment_ratio", "safegate_unsafe_at_k_ratio",
                "safegate_unreliability_ratio", "safegate_kl_first_tokens_ratio", "safegate_detection_auroc_ratio",
                "safegate_direction_projection_shift", "safegate_image_background_reliance_ratio",
                "safegate_image_confident_outside_ratio")) {
            assertTrue(exprs.contains(metric), "no panel queries " + metric);
        }
    }

    @Test
    void queriesUseOnlyContractMetricsAndUniquePanelIds() {
        Matcher matcher = METRIC.matcher(allExpressions());
        while (matcher.find()) {
            assertTrue(CONTRACT_METRICS.contains(matcher.group(1)), "unknown metric " + matcher.group(1));
        }
        List<Integer> ids = new ArrayList<>();
        dashboard.path("panels").forEach(p -> ids.add(p.path("id").asInt()));
        assertEquals(ids.size(), ids.stream().distinct().count());
    }

    private String allExpressions() {
        StringBuilder exprs = new StringBuilder();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.append(t.path("expr").asText()).append('\n')));
        return exprs.toString();
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(HelmChart.DIR.resolve("files/dashboard.json").toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
