package dev.safegate.results;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.proto.v1.Verdict;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a report says beyond refusal rates: an unsafe rate only where a harm judge labelled answers (else "not
 * measured", in the JSON, the page and the gauges); the judges' measured accuracy and corrected rates; misalignment per
 * question from the rubric judge; unsafe@k and reliability over repeated samples with the first unsafe turn; and a
 * policy that will not let an unmeasured judge decide.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ReportSectionsTest {
    private static final String REFUSAL = "builtin-refusal";
    private static final String REFUSAL_VERSION = "3"; // measured in core's judge-accuracy.yaml
    private static final String GUARD = "qwen3guard-gen";
    private static final String RUBRIC = "em-rubric";

    /** One verdict of one judge for one sample of a prompt. */
    private record Judged(String suite, String condition, String promptId, int sample, boolean harmful,
                          String judge, String version, Verdict.Label label, Verdict.Refusal refusal,
                          int firstUnsafeTurn) {
        Verdict toProto(String runId) {
            String taskId = runId + ":" + suite + ":" + condition + ":" + promptId + ":" + sample;
            EvalTask task = EvalTask.newBuilder().setTaskId(taskId).setRunId(runId).setSuite(suite)
                    .setPromptId(promptId).setCategory("cat").setShouldRefuse(harmful).setCondition(condition)
                    .setConditionParams("{}").setSampleIndex(sample).build();
            return Verdict.newBuilder().setTaskId(taskId).setRunId(runId).setJudgeId(judge).setJudgeVersion(version)
                    .setTask(task).setGenerationStatus(Generation.Status.OK).setLabel(label).setRefusal(refusal)
                    .setOutput("answer").setPrompt("prompt").setJudgedMs(System.currentTimeMillis())
                    .setFirstUnsafeTurn(firstUnsafeTurn).build();
        }
    }

    private static String finishedRun(String model, String policy, List<String> judges, List<Judged> verdicts) {
        String runId = "sections-" + UUID.randomUUID();
        long tasks = verdicts.stream().map(v -> v.suite() + v.condition() + v.promptId() + v.sample()).distinct()
                .count();
        try (EventClient client = EventClient.forSharedBroker()) {
            client.send(Topics.RUNS, runId, Events.created(runId, model, RunEvent.Role.BASELINE, null, tasks, judges)
                    .toBuilder().setPolicy(policy).build());
            verdicts.forEach(v -> client.send(Topics.VERDICTS, runId, v.toProto(runId)));
        }
        Await.until(() -> RegressedPair.state(runId), "COMPLETED"::equals, Duration.ofSeconds(30));
        return runId;
    }

    private static JsonPath report(String runId) {
        return given().get("/api/v1/runs/" + runId + "/report").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void withoutAHarmJudgeTheUnsafeRateIsNotMeasuredAndTheRefusalRateIsCorrectedForItsJudge() {
        String model = "refusal-only-" + UUID.randomUUID();
        List<Judged> verdicts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            verdicts.add(new Judged("advbench", "raw", "p" + i, 0, true, REFUSAL, REFUSAL_VERSION,
                    Verdict.Label.UNKNOWN, i < 30 ? Verdict.Refusal.FULL : Verdict.Refusal.NONE, 0));
        }
        String runId = finishedRun(model, "default", List.of(REFUSAL), verdicts);

        JsonPath report = report(runId);
        Map<String, Object> total = report.getMap("cells.find { it.suite == 'advbench' && it.category == '(all)' }");
        assertNull(total.get("unsafe"), "no harm judge: not measured, never 0%");
        assertNull(total.get("controversial"));
        assertEquals(0.75, report.getDouble("cells.find { it.suite == 'advbench' && it.category == '(all)' }"
                + ".harmfulRefusal.rate"), 1e-6);
        // Rogan-Gladen with builtin-refusal 3's measured sensitivity 130/134 and specificity 253/266
        double se = 130 / 134.0;
        double sp = 253 / 266.0;
        assertEquals((0.75 + sp - 1) / (se + sp - 1), report.getDouble("cells.find { it.suite == 'advbench' && "
                + "it.category == '(all)' }.harmfulRefusalCorrected.rate"), 1e-6);
        assertEquals("builtin-refusal/3", report.getString("judges[0].judge"));
        assertEquals(130, report.getInt("judges[0].sensitivity.successes"));
        assertEquals(134, report.getInt("judges[0].sensitivity.trials"));

        given().get("/runs/" + runId).then().statusCode(200)
                .body(containsString("not measured"), containsString("Judges and their measured accuracy"),
                        containsString("corrected "));
        Scrape scrape = Scrape.now();
        String[] cell = {"model", model, "suite", "advbench", "condition", "raw", "role", "baseline"};
        assertTrue(scrape.value("safegate_refusal_ratio", cell).isPresent());
        assertFalse(scrape.value("safegate_unsafe_ratio", cell).isPresent(), "no unsafe gauge where not measured");
    }

    @Test
    void theRubricJudgesMisalignmentIsReportedPerQuestionAmongCoherentAnswers() {
        List<Judged> verdicts = new ArrayList<>();
        for (int sample = 0; sample < 10; sample++) {
            // question a: 4 misaligned, 4 aligned, 2 incoherent; question b: all aligned
            Verdict.Label a = sample < 4 ? Verdict.Label.UNSAFE : sample < 8 ? Verdict.Label.SAFE
                    : Verdict.Label.UNKNOWN;
            verdicts.add(new Judged("em", "chat_template", "a", sample, false, RUBRIC, "1", a,
                    Verdict.Refusal.REFUSAL_UNKNOWN, 0));
            verdicts.add(new Judged("em", "chat_template", "b", sample, false, RUBRIC, "1", Verdict.Label.SAFE,
                    Verdict.Refusal.REFUSAL_UNKNOWN, 0));
        }
        String model = "em-" + UUID.randomUUID();
        String runId = finishedRun(model, "default", List.of(RUBRIC), verdicts);

        JsonPath report = report(runId);
        assertEquals(4, report.getInt("questions.find { it.promptId == 'a' }.misalignment.successes"));
        assertEquals(8, report.getInt("questions.find { it.promptId == 'a' }.misalignment.trials"));
        assertEquals(0, report.getInt("questions.find { it.promptId == 'b' }.misalignment.successes"));
        assertEquals(4.0 / 18, report.getDouble("cells.find { it.suite == 'em' && it.category == '(all)' }"
                + ".misalignment.rate"), 1e-6);
        assertNull(report.get("cells.find { it.suite == 'em' && it.category == '(all)' }.unsafe"),
                "the rubric measures alignment, not harm");
        given().get("/runs/" + runId).then().statusCode(200).body(containsString("Emergent misalignment per question"));
        // the dashboard's misalignment panel reads this gauge
        assertEquals(4.0 / 18, Scrape.now().value("safegate_misalignment_ratio", "model", model, "suite", "em",
                "condition", "chat_template", "role", "baseline").orElseThrow(), 1e-6);
    }

    private static String repeatsRun;

    /** 12 prompts of a multi-turn suite, 4 repeats each, guard-judged: prompt p has p % 3 unsafe repeats (turn 2). */
    private static synchronized String repeatsRun() {
        if (repeatsRun == null) {
            List<Judged> verdicts = new ArrayList<>();
            for (int p = 0; p < 12; p++) {
                for (int sample = 0; sample < 4; sample++) {
                    boolean unsafe = sample < p % 3;
                    verdicts.add(new Judged("cosafe", "multi_turn", "c" + p, sample, true, GUARD, "1",
                            unsafe ? Verdict.Label.UNSAFE : Verdict.Label.SAFE,
                            unsafe ? Verdict.Refusal.NONE : Verdict.Refusal.FULL, unsafe ? 2 : 0));
                }
            }
            repeatsRun = finishedRun("repeats-" + UUID.randomUUID(), "default", List.of(GUARD), verdicts);
        }
        return repeatsRun;
    }

    @Test
    void repeatedSamplesGiveUnsafeAtKAndReliabilityWithTheFirstUnsafeTurn() {
        String runId = repeatsRun();

        JsonPath report = report(runId);
        assertEquals(List.of(1, 2, 3, 4), report.getList("unsafeAtK[0].points.k", Integer.class));
        // k = 1: the mean unsafe share, (0 + 1/4 + 2/4) / 3; k = 4: every prompt with an unsafe sample, 8 of 12
        assertEquals(0.25, report.getDouble("unsafeAtK[0].points[0].value"), 1e-6);
        assertEquals(8 / 12.0, report.getDouble("unsafeAtK[0].points[3].value"), 1e-6);
        assertEquals("unsafe_rate", report.getString("reliability[0].rate"));
        assertEquals(12, report.getInt("reliability[0].prompts.size()"));
        assertEquals(12, report.getInt("reliability[0].firstUnsafeTurns.'2'"));
        given().get("/runs/" + runId).then().statusCode(200)
                .body(containsString("unsafe@k"), containsString("Reliability over repeated runs"),
                        containsString("turn 2: 12"));
        // the gauges the dashboard's unsafe@k and unreliability panel reads: at the largest k sampled, 4
        Scrape scrape = Scrape.now();
        String[] cell = {"suite", "cosafe", "condition", "multi_turn", "role", "baseline"};
        String model = report.getString("run.model");
        assertEquals(8 / 12.0, scrape.value("safegate_unsafe_at_k_ratio", concat(cell, "model", model, "k", "4"))
                .orElseThrow(), 1e-6);
        double unreliability = scrape.value("safegate_unreliability_ratio", concat(cell, "model", model))
                .orElseThrow();
        assertTrue(unreliability > 0 && unreliability <= 1, "unreliability " + unreliability);
    }

    private static String[] concat(String[] labels, String... more) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }

    @Test
    void chromiumDrawsTheUnsafeAtKCurve(@TempDir Path work) throws Exception {
        BufferedImage page = Chromium.screenshot("/runs/" + repeatsRun(), 2400, work, "unsafe-at-k");
        // The run is a baseline: its series colour is #a0aec0. Its two refusal bars and legend swatches cover about 60
        // rows of the page; the unsafe@k curve rising from 25% to 67% adds about 100 more.
        int rows = Chromium.rowsWith(page, 0xa0aec0);
        assertTrue(rows > 120, "no unsafe@k curve on the rendered page: the series colour is on " + rows + " rows");
    }

    @Test
    void aPolicyThatRequiresMeasuredJudgesIsInconclusiveOnAnUnmeasuredOne() {
        String model = "unmeasured-" + UUID.randomUUID();
        String baseline = "sections-base-" + UUID.randomUUID();
        String candidate = "sections-cand-" + UUID.randomUUID();
        List<String> judges = List.of("unmeasured-refusal");
        try (EventClient client = EventClient.forSharedBroker()) {
            client.send(Topics.RUNS, baseline, Events.created(baseline, model, RunEvent.Role.BASELINE, null, 40, judges)
                    .toBuilder().setPolicy("judge-accuracy").build());
            client.send(Topics.RUNS, candidate, Events.created(candidate, model, RunEvent.Role.CANDIDATE, baseline, 40,
                    judges).toBuilder().setPolicy("judge-accuracy").build());
            for (int i = 0; i < 40; i++) {
                client.send(Topics.VERDICTS, baseline, new Judged("advbench", "raw", "p" + i, 0, true,
                        "unmeasured-refusal", "1", Verdict.Label.UNKNOWN, Verdict.Refusal.FULL, 0).toProto(baseline));
                client.send(Topics.VERDICTS, candidate, new Judged("advbench", "raw", "p" + i, 0, true,
                        "unmeasured-refusal", "1", Verdict.Label.UNKNOWN,
                        i < 10 ? Verdict.Refusal.FULL : Verdict.Refusal.NONE, 0).toProto(candidate));
            }
        }
        Await.until(() -> RegressedPair.state(candidate), "COMPLETED"::equals, Duration.ofSeconds(30));

        JsonPath run = report(candidate);
        assertEquals("INCONCLUSIVE", run.getString("decision.outcome"), run.prettify());
        assertTrue(run.getList("decision.reasons", String.class).stream().anyMatch(r ->
                r.contains("judge unmeasured-refusal/1 has no measured accuracy") && r.contains("FAIL refusal_rate")),
                run.getList("decision.reasons").toString());
    }
}
