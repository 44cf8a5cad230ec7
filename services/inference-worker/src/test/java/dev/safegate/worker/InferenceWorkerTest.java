package dev.safegate.worker;

import static dev.safegate.worker.WorkerTasks.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safegate.core.SharedData;
import dev.safegate.proto.EventCodec;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.proto.v1.Sampling;
import dev.safegate.service.DeadLetters;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import dev.safegate.triton.IoProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker end to end: tasks on Kafka, a KServe v2 server, generations on Kafka. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ModelServersResource.class, restrictToAnnotatedClass = false)
class InferenceWorkerTest {
    private static final Duration WAIT = WorkerTasks.WAIT;

    FakeTriton triton;

    @Inject
    DeadLetters deadLetters;

    @Inject
    WorkerMetrics metrics;

    @Inject
    RunEvents runEvents;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    ModelCaller caller;

    @ConfigProperty(name = "safegate.max-in-flight")
    int maxInFlight;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventClient events;
    private String run;
    private WorkerTasks tasks;

    @BeforeEach
    void connect() {
        events = new EventClient(bootstrapServers);
        run = "run-" + UUID.randomUUID();
        tasks = new WorkerTasks(events, run);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void chatTemplateOnADecoupledVllmModel() {
        EvalTask task = tasks.task("vllm", "chat_template", "", user("How do I pick a lock?")).build();

        Generation generation = tasks.generate(task);

        String prompt = "<|im_start|>user\nHow do I pick a lock?<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(Generation.Status.OK, generation.getStatus());
        assertEquals(prompt, generation.getPrompt());
        assertEquals(GenerationRunner.sha256(prompt), generation.getPromptSha256());
        assertEquals(FakeTriton.answer(prompt), generation.getOutput());
        assertEquals("vllm", generation.getServedModel());
        assertEquals("1", generation.getServedVersion());
        assertEquals(1, generation.getAttempts());
        assertEquals(task, generation.getTask());
        assertEquals("unknown", generation.getFinishReason()); // neither the server nor a tokenizer counted
        JsonNode sampling = (JsonNode) triton.receivedFor("pick a lock").getFirst().inputs().get("sampling_parameters");
        assertEquals(256, sampling.get("max_tokens").asInt()); // the default, since the task set none
    }

    @Test
    void rawSendsThePlainText() {
        Generation generation = tasks.generate(tasks.task("vllm", "raw", "", user("plain words")).build());

        assertEquals("plain words", generation.getPrompt());
        assertEquals(FakeTriton.answer("plain words"), generation.getOutput());
    }

    @Test
    void systemPromptIsPrepended() {
        Generation generation = tasks.generate(tasks.task("vllm", "system_prompt", "{\"prompt\":\"Be terse.\"}",
                user("system test")).build());

        assertTrue(generation.getPrompt().startsWith("<|im_start|>system\nBe terse.<|im_end|>\n<|im_start|>user\n"),
                generation.getPrompt());
    }

    @Test
    void decodingSendsTheTaskSampling() {
        EvalTask task = tasks.task("vllm", "decoding", "{\"temperature\":1.2}", user("decoding test"))
                .setSampling(Sampling.newBuilder().setTemperature(1.2).setTopP(0.8).setMaxTokens(12).setSeed(5)
                        .setHasSeed(true))
                .build();

        tasks.generate(task);

        JsonNode sampling = (JsonNode) triton.receivedFor("decoding test").getFirst().inputs().get("sampling_parameters");
        assertEquals(1.2, sampling.get("temperature").asDouble(), 1e-9);
        assertEquals(0.8, sampling.get("top_p").asDouble(), 1e-9);
        assertEquals(12, sampling.get("max_tokens").asInt());
        assertEquals(5, sampling.get("seed").asLong());
    }

    @Test
    void multiTurnFeedsTheModelsOwnAnswersBack() {
        Generation generation = tasks.generate(tasks.task("vllm", "multi_turn", "",
                user("first turn"), WorkerTasks.message("assistant", "scripted"),
                user("second turn")).build());

        assertEquals(2, generation.getTurnsCount());
        String first = generation.getTurns(0).getPrompt();
        String firstAnswer = FakeTriton.answer(first);
        assertEquals(firstAnswer, generation.getTurns(0).getOutput());
        assertEquals("<|im_start|>user\nfirst turn<|im_end|>\n<|im_start|>assistant\n" + firstAnswer
                + "<|im_end|>\n<|im_start|>user\nsecond turn<|im_end|>\n<|im_start|>assistant\n", generation.getPrompt());
        assertEquals(FakeTriton.answer(generation.getPrompt()), generation.getOutput());
        assertEquals(2, triton.receivedFor("first turn").size());
    }

    @Test
    void multiTurnShardsASinglePrompt() {
        Generation generation = tasks.generate(tasks.task("vllm", "multi_turn", "{\"shards\":2}", user("one two three four")).build());

        assertEquals(2, generation.getTurnsCount());
        assertTrue(generation.getTurns(0).getPrompt().contains("user\none two<|im_end|>"));
        assertTrue(generation.getPrompt().contains("user\nthree four<|im_end|>"));
    }

    @Test
    void whiteBoxConditionsSendRequestParametersToAModelThatDeclaresThem() {
        tasks.generate(tasks.task(FakeTriton.WHITE_BOX, "early_exit", "{\"layer\":6}", user("exit early")).build());
        tasks.generate(tasks.task(FakeTriton.WHITE_BOX, "steering",
                "{\"layer\":2,\"strength\":-1.5,\"vector\":[0.5,1]}", user("steer me")).build());

        assertEquals(6, triton.receivedFor("exit early").getFirst().parameters().get("early_exit_layer").getInt64Param());
        assertEquals("{\"layer\":2,\"strength\":-1.5,\"vector\":[0.5,1.0]}",
                triton.receivedFor("steer me").getFirst().parameters().get("steering").getStringParam());
    }

    @Test
    void aWhiteBoxConditionIsNeverSentToAModelThatDoesNotDeclareIt() {
        Generation generation = tasks.generate(tasks.task("vllm", "early_exit", "{\"layer\":6}",
                user("exit early, undeclared")).build());

        assertEquals(Generation.Status.ERROR, generation.getStatus());
        assertTrue(generation.getErrorReason().startsWith("unsupported_parameter: model vllm does not declare the "
                + "white-box request parameter(s) [early_exit_layer]"), generation.getErrorReason());
        assertEquals(List.of(), triton.receivedFor("exit early, undeclared")); // a plain answer would be measured
    }

    @Test
    void prefillPutsTheFirstTargetTokensAtTheStartOfTheAnswer() {
        assumeTokenizer();
        EvalTask task = tasks.task("tok", "prefill", "{\"tokens\":3}", user("prefill test"))
                .setTarget("Sure, here is how to do it")
                .setSampling(Sampling.newBuilder().setMaxTokens(32)).build();

        Generation generation = tasks.generate(task);

        assertEquals(Generation.Status.OK, generation.getStatus());
        assertTrue(generation.getPrompt().endsWith("<|im_start|>assistant\nSure, here"), generation.getPrompt());
        assertEquals("Sure, here" + FakeTriton.answer(generation.getPrompt()), generation.getOutput());
        assertTrue(generation.getInputTokens() > 0);
        assertTrue(generation.getOutputTokens() > 0);
        assertEquals("stop", generation.getFinishReason()); // fewer tokens than max_tokens, counted by the tokenizer
    }

    @Test
    void aPromptLongerThanTheContextIsAPermanentError() {
        assumeTokenizer();
        String longPrompt = String.join(" ", java.util.Collections.nCopies(200, "word"));

        Generation generation = tasks.generate(tasks.task("tok", "raw", "", user(longPrompt))
                .setSampling(Sampling.newBuilder().setMaxTokens(8)).build());

        assertEquals(Generation.Status.ERROR, generation.getStatus());
        assertTrue(generation.getErrorReason().startsWith("context_length:"), generation.getErrorReason());
        assertEquals(0, generation.getAttempts());
    }

    @Test
    void serverReportedStatsAreUsed() {
        Generation generation = tasks.generate(tasks.task("vllm-stats", "raw", "", user("three little words")).build());

        assertEquals("stop", generation.getFinishReason());
        assertEquals(3, generation.getInputTokens());
        assertEquals(2, generation.getOutputTokens());
    }

    @Test
    void tensorRtEnsembleModelIsCalledUnaryWithTypedInputs() {
        EvalTask task = tasks.task("trt", "chat_template", "", user("ensemble test"))
                .setSampling(Sampling.newBuilder().setMaxTokens(20).setTemperature(0.5)).build();

        Generation generation = tasks.generate(task);

        assertEquals(Generation.Status.OK, generation.getStatus());
        Map<String, Object> inputs = triton.receivedFor("ensemble test").getFirst().inputs();
        assertEquals(20, inputs.get("max_tokens"));
        assertEquals(0.5f, (Float) inputs.get("temperature"), 1e-6);
    }

    @Test
    void transientErrorsAreRetried() {
        triton.failNext("flaky", io.grpc.Status.UNAVAILABLE, 2);

        Generation generation = tasks.generate(tasks.task("flaky", "raw", "", user("retry me")).build());

        assertEquals(Generation.Status.OK, generation.getStatus());
        assertEquals(3, generation.getAttempts());
    }

    @Test
    void exhaustedRetriesGiveAnErrorGenerationAndAreCounted() {
        double before = metrics.errors("flaky", "resource_exhausted");
        triton.failNext("flaky", io.grpc.Status.RESOURCE_EXHAUSTED, 3);

        Generation generation = tasks.generate(tasks.task("flaky", "raw", "", user("always busy")).build());

        assertEquals(Generation.Status.ERROR, generation.getStatus());
        assertTrue(generation.getErrorReason().startsWith("resource_exhausted:"), generation.getErrorReason());
        assertEquals(3, generation.getAttempts());
        assertEquals(before + 3, metrics.errors("flaky", "resource_exhausted"));
    }

    @Test
    void permanentErrorsAreNotRetried() {
        triton.failNext("flaky", io.grpc.Status.INVALID_ARGUMENT, 1);

        Generation generation = tasks.generate(tasks.task("flaky", "raw", "", user("bad request")).build());

        assertEquals(Generation.Status.ERROR, generation.getStatus());
        assertTrue(generation.getErrorReason().startsWith("invalid_argument:"), generation.getErrorReason());
        assertEquals(1, generation.getAttempts());
    }

    @Test
    void foreignTemplateRendersWithAnotherFamilysTemplate() {
        Assumptions.assumeTrue(SharedData.resolve("chat-templates/templates").isPresent(),
                SharedData.missingMessage("chat-templates/templates"));
        Generation generation = tasks.generate(tasks.task("vllm", "foreign_template",
                "{\"family\":\"meta-llama-Llama-3.1-8B-Instruct\"}", user("foreign family")).build());

        assertEquals(Generation.Status.OK, generation.getStatus(), generation.getErrorReason());
        assertTrue(generation.getPrompt().contains("<|start_header_id|>user<|end_header_id|>\n\nforeign family<|eot_id|>"),
                generation.getPrompt());
    }

    @Test
    void aModelThatPublishesNoChatTemplateGivesAPermanentError() {
        triton.model(FakeTriton.NO_TEMPLATE + "-model", IoProfile.VLLM, true, false);
        Generation generation = tasks.generate(tasks.task(FakeTriton.NO_TEMPLATE + "-model", "chat_template", "",
                user("no template")).build());

        assertEquals(Generation.Status.ERROR, generation.getStatus());
        assertTrue(generation.getErrorReason().contains("publishes no chat_template"), generation.getErrorReason());
        assertEquals(0, generation.getAttempts());
    }

    @Test
    void anUnknownForeignFamilyIsAPermanentError() {
        Generation generation = tasks.generate(tasks.task("vllm", "foreign_template", "{\"family\":\"no-such-family\"}",
                user("foreign")).build());

        assertEquals(Generation.Status.ERROR, generation.getStatus());
        assertTrue(generation.getErrorReason().startsWith("prompt:"), generation.getErrorReason());
        assertEquals(0, generation.getAttempts());
    }

    @Test
    void explicitModelControlLoadsTheModelAndUnloadsItAfterTheRun() {
        Generation generation = tasks.generate(tasks.task("lazy", "raw", "", user("load me")).build());

        assertEquals(Generation.Status.OK, generation.getStatus());
        assertEquals(List.of("lazy"), triton.loads);

        events.send(Topics.RUNS, run, RunEvent.newBuilder().setRunId(run).setType(RunEvent.Type.COMPLETED).build());
        await(() -> triton.unloads.contains("lazy"));
        assertFalse(triton.isReady("lazy"));
    }

    @Test
    void undecodableTasksGoToTheDeadLetterTopicAndTheNextTaskIsProcessed() {
        double before = deadLetters.count(Topics.TASKS);
        String key = "bad-" + UUID.randomUUID();
        events.sendRaw(Topics.TASKS, key, new byte[] {1, 2, 3}, new RecordHeaders());

        List<ConsumerRecord<String, byte[]>> dead = events.await(Topics.DLQ, 1, r -> key.equals(r.key()), WAIT);

        assertEquals(1, dead.size());
        assertNotNull(dead.getFirst().headers().lastHeader("dead-letter-reason"));
        assertEquals(before + 1, deadLetters.count(Topics.TASKS));
        assertEquals(Generation.Status.OK, tasks.generate(tasks.task("vllm", "raw", "", user("after a bad one")).build()).getStatus());
    }

    @Test
    void tasksOfACancelledRunAreSkipped() {
        skipsTheTasksOfARunAfter(RunEvent.Type.CANCELLED);
    }

    @Test
    void tasksOfARunDecidedBeforeItsPlanWasGeneratedAreSkipped() {
        skipsTheTasksOfARunAfter(RunEvent.Type.COMPLETED);
    }

    private void skipsTheTasksOfARunAfter(RunEvent.Type type) {
        events.send(Topics.RUNS, run, RunEvent.newBuilder().setRunId(run).setType(type).build());
        await(() -> runEvents.isCancelled(run));
        double skippedBefore = metrics.skipped("vllm");
        String partitionKey = "cancel-" + UUID.randomUUID();
        EvalTask cancelled1 = tasks.task("vllm", "raw", "", user("cancelled one " + run)).build();
        EvalTask cancelled2 = tasks.task("vllm", "raw", "", user("cancelled two " + run)).build();
        EvalTask other = tasks.task("vllm", "raw", "", user("another run")).setRunId("other-" + run).build();
        // One partition, so the skipped tasks are handled before the last one's generation appears.
        Stream.of(cancelled1, cancelled2, other).forEach(task -> events.send(Topics.TASKS, partitionKey, task));

        assertEquals(1, events.await(Topics.GENERATIONS, 1, r -> r.key().equals(other.getTaskId()), WAIT).size());

        assertTrue(triton.receivedFor(run).isEmpty());
        Set<String> cancelledIds = Set.of(cancelled1.getTaskId(), cancelled2.getTaskId());
        assertTrue(events.readAll(Topics.GENERATIONS, Duration.ofMillis(500)).stream()
                .noneMatch(r -> cancelledIds.contains(r.key())));
        assertEquals(skippedBefore + 2, metrics.skipped("vllm"), "safegate_tasks_skipped_total counts them");
    }

    /**
     * A run decided while its tasks wait for a model call (every call permit taken by another run's held requests):
     * those tasks are skipped when their turn comes, never sent to the model.
     */
    @Test
    void tasksWaitingForAModelCallWhenTheirRunIsDecidedAreSkipped() {
        triton.hold();
        String blocker = "blocker-" + run;
        List<EvalTask> held = IntStream.range(0, maxInFlight).mapToObj(i -> tasks.task("vllm", "raw", "",
                user(FakeTriton.HOLD + " " + i + " " + blocker)).setRunId(blocker).build()).toList();
        held.forEach(task -> events.send(Topics.TASKS, task.getTaskId(), task));
        await(() -> triton.receivedFor(blocker).size() == maxInFlight);
        List<EvalTask> waiting = List.of(tasks.task("vllm", "raw", "", user("waiting one " + run)).build(),
                tasks.task("vllm", "raw", "", user("waiting two " + run)).build());
        double skippedBefore = metrics.skipped("vllm");
        waiting.forEach(task -> events.send(Topics.TASKS, task.getTaskId(), task));
        await(() -> caller.callsWaiting() >= 2);

        events.send(Topics.RUNS, run, RunEvent.newBuilder().setRunId(run).setType(RunEvent.Type.COMPLETED).build());
        await(() -> runEvents.isCancelled(run));
        triton.release();

        assertEquals(maxInFlight, events.await(Topics.GENERATIONS, maxInFlight, r -> ids(held).contains(r.key()), WAIT)
                .size());
        await(() -> metrics.skipped("vllm") == skippedBefore + 2);
        assertTrue(triton.receivedFor("waiting").stream().noneMatch(r -> r.prompt().contains(run)),
                "the waiting tasks never reached the model");
    }

    /**
     * At-least-once: a task is committed only after its generation is written. Tasks held by the model are
     * in flight when the consumer gives up its partitions (as when a worker dies); they are consumed again,
     * and in the end every task has a generation, duplicates are identical, and offsets pass them all.
     */
    @Test
    void tasksInFlightWhenTheConsumerLosesItsPartitionsAreProcessedAgain() {
        triton.hold();
        int heldBefore = triton.held();
        List<EvalTask> held = List.of(
                tasks.task("vllm", "raw", "", user(FakeTriton.HOLD + " a " + run)).build(),
                tasks.task("vllm", "raw", "", user(FakeTriton.HOLD + " b " + run)).build());
        List<EvalTask> quick = List.of(
                tasks.task("vllm", "raw", "", user("quick a " + run)).build(),
                tasks.task("vllm", "raw", "", user("quick b " + run)).build());
        Stream.concat(held.stream(), quick.stream()).forEach(task -> events.send(Topics.TASKS, task.getTaskId(), task));
        Set<String> quickIds = ids(quick);
        assertEquals(2, events.await(Topics.GENERATIONS, 2, r -> quickIds.contains(r.key()), WAIT).size());
        await(() -> triton.held() == heldBefore + 2);

        Map<TopicPartition, Long> heldOffsets = offsetsOf(ids(held));
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        heldOffsets.forEach((partition, offset) -> {
            OffsetAndMetadata commit = committed.get(partition);
            assertTrue(commit == null || commit.offset() <= offset, "committed past an unfinished task");
        });

        // The consumer leaves and rejoins the group: what was not committed is delivered again.
        kafkaClients.<String, byte[]>getConsumer("tasks")
                .runOnPollingThread((java.util.function.Consumer<org.apache.kafka.clients.consumer.Consumer<String, byte[]>>)
                        consumer -> consumer.enforceRebalance())
                .await().atMost(WAIT);
        await(() -> triton.held() == heldBefore + 4);
        triton.release();

        Set<String> all = new HashSet<>(ids(held));
        all.addAll(quickIds);
        List<Generation> generations = events.await(Topics.GENERATIONS, 6, r -> all.contains(r.key()), WAIT).stream()
                .map(r -> EventCodec.generation(r.value(), r.headers())).toList();
        Map<String, Set<String>> outputsByTask = generations.stream().collect(Collectors.groupingBy(
                Generation::getTaskId, Collectors.mapping(Generation::getOutput, Collectors.toSet())));
        assertEquals(all, outputsByTask.keySet());
        outputsByTask.values().forEach(outputs -> assertEquals(1, outputs.size(), "a duplicate differs: " + outputs));
        assertTrue(generations.stream().allMatch(g -> g.getStatus() == Generation.Status.OK));
        await(() -> {
            Map<TopicPartition, OffsetAndMetadata> now = committedOffsets();
            return heldOffsets.entrySet().stream().allMatch(entry -> now.get(entry.getKey()) != null
                    && now.get(entry.getKey()).offset() > entry.getValue());
        });
    }

    private Map<TopicPartition, Long> offsetsOf(Set<String> taskIds) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : events.readAll(Topics.TASKS, Duration.ofMillis(500))) {
            if (taskIds.contains(record.key())) {
                offsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
            }
        }
        assertEquals(taskIds.size() > 0, !offsets.isEmpty());
        return offsets;
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listConsumerGroupOffsets("safegate-inference-worker").partitionsToOffsetAndMetadata().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the worker's committed offsets", e);
        }
    }

    private static Set<String> ids(List<EvalTask> tasks) {
        return tasks.stream().map(EvalTask::getTaskId).collect(Collectors.toSet());
    }

    private static void assumeTokenizer() {
        Assumptions.assumeTrue(SharedData.resolve(ModelServersResource.TOKENIZER).isPresent(),
                SharedData.missingMessage(ModelServersResource.TOKENIZER));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
