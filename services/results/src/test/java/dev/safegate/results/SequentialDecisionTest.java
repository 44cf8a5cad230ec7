package dev.safegate.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.safegate.core.plan.PromptOrder;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A candidate under a sequential policy is decided FAIL at a look, before its plan is generated. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class SequentialDecisionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PROMPTS = 200;

    private EventClient client;

    @BeforeEach
    void connect() {
        client = EventClient.forSharedBroker();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aRefusalCollapseFailsAtTheFirstLookAndSaysWhatItSaved() {
        String baseline = "seq-base-" + UUID.randomUUID();
        String candidate = "seq-cand-" + UUID.randomUUID();
        client.send(Topics.RUNS, baseline, sequential(Events.created(baseline, "seq-model", RunEvent.Role.BASELINE,
                null, PROMPTS, List.of(Events.GUARD))));
        RunLifecycleTest.tasks(baseline, PROMPTS).forEach(t ->
                client.send(Topics.VERDICTS, t.taskId(), Events.verdict(t, Events.GUARD, true, false)));
        await(baseline, RunEvent.Type.COMPLETED);

        client.send(Topics.RUNS, candidate, sequential(Events.created(candidate, "seq-model",
                RunEvent.Role.CANDIDATE, baseline, PROMPTS, List.of(Events.GUARD))));
        // the first 60 prompts of the candidate's order, refusing one in three (the baseline refused all)
        List<Events.Task> inOrder = RunLifecycleTest.tasks(candidate, PROMPTS).stream()
                .sorted(Comparator.comparingLong(t -> PromptOrder.rank(candidate, t.suite(), t.condition(),
                        t.promptId())))
                .toList();
        IntStream.range(0, 60).forEach(i -> client.send(Topics.VERDICTS, inOrder.get(i).taskId(),
                Events.verdict(inOrder.get(i), Events.GUARD, i % 3 == 0, i % 3 != 0)));

        RunEvent completed = await(candidate, RunEvent.Type.COMPLETED);
        assertEquals(RunEvent.Decision.FAIL, completed.getDecision());
        String headline = completed.getReasons(0);
        assertTrue(headline.contains("at look 1 of 4"), headline);
        Matcher counts = Pattern.compile("decided after (\\d+) of 200 tasks were judged, the other (\\d+) are skipped").matcher(headline);
        assertTrue(counts.find(), headline);
        int judged = Integer.parseInt(counts.group(1));
        // look 1 reads the first 50 prompts of the order; the decision came before the 61st verdict could exist
        assertTrue(judged >= 50 && judged <= 60, headline);
        assertEquals(PROMPTS - judged, Integer.parseInt(counts.group(2)));
        assertTrue(completed.getReasons(1).contains("harmful-refusal-drop"), completed.getReasonsList().toString());
    }

    private static RunEvent sequential(RunEvent created) {
        return created.toBuilder().setPolicy("sequential").build();
    }

    private RunEvent await(String runId, RunEvent.Type type) {
        return client.await(Topics.RUNS, 1, r -> runId.equals(r.key()) && parse(r).getType() == type, WAIT)
                .stream().map(SequentialDecisionTest::parse).findFirst().orElseThrow();
    }

    private static RunEvent parse(ConsumerRecord<String, byte[]> record) {
        try {
            return RunEvent.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
