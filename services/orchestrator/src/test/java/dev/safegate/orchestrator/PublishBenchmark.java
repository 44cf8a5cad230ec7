package dev.safegate.orchestrator;

import dev.safegate.core.plan.Plan;
import dev.safegate.core.plan.PlanExpansion;
import dev.safegate.core.suite.SuiteLoader;
import dev.safegate.orchestrator.model.Plans;
import dev.safegate.orchestrator.run.EventProducer;
import dev.safegate.orchestrator.run.TaskMessages;
import dev.safegate.orchestrator.run.TaskPublisher;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Measures the orchestrator's hot path: expanding a 100,100-task plan (77 built-in item/condition pairs x 1,300
 * samples), building the messages and publishing them with the orchestrator's producer settings to an in-JVM
 * Kafka broker until every record is acknowledged. A plain main for {@code make bench} (scripts/bench.sh, with
 * the module's test classpath); prints times, asserts nothing.
 */
public final class PublishBenchmark {
    private static final String PLAN = """
            {"suites": ["builtin"], "conditions": ["chat_template", "raw"],
             "sampling": {"temperature": 1.0, "top_p": 0.95, "max_tokens": 128, "seed": 1, "samples": 1300},
             "judges": ["builtin-refusal"]}
            """;

    private PublishBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.TASKS, 4, (short) 1),
                    new NewTopic(Topics.RUNS, 4, (short) 1))).all().get();
        }
        Plans plans = new Plans(new SuiteLoader(Optional.empty()), Set.of("builtin-refusal"), Set.of("default"));
        Plan plan = (Plan) plans.parse(PLAN);
        EventProducer producer = new EventProducer(Map.of("bootstrap.servers", bootstrap));
        try {
            for (int round = 1; round <= 3; round++) {
                String runId = UUID.randomUUID().toString();
                long buildStart = System.nanoTime();
                TaskMessages offline = new TaskMessages("simulated-chat", "2", "simulated-chat", "2",
                        RunEvent.Role.CANDIDATE, plan.judges(), System.currentTimeMillis());
                long bytes = TaskPublisher.inRunOrder(runId, plans.expand(plan, runId).tasks().map(offline::of))
                        .mapToLong(t -> t.getSerializedSize()).sum();
                double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
                System.out.printf("round %d: expansion + messages + run order only: %.2f s (%,d bytes of protobuf)%n", round,
                        buildSeconds, bytes);
                long start = System.nanoTime();
                PlanExpansion expansion = plans.expand(plan, runId);
                producer.send(RunEvent.newBuilder().setRunId(runId).setType(RunEvent.Type.CREATED)
                        .setExpectedTasks(expansion.expectedTasks()).build());
                TaskMessages messages = new TaskMessages("simulated-chat", "2", "simulated-chat", "2",
                        RunEvent.Role.CANDIDATE, plan.judges(), System.currentTimeMillis());
                long sent = producer.sendTasks(TaskPublisher.inRunOrder(runId, expansion.tasks().map(messages::of)));
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %,d tasks (expected %,d) expanded and acknowledged in %.2f s (%,.0f tasks/s)%n",
                        round, sent, expansion.expectedTasks(), seconds, sent / seconds);
            }
        } finally {
            producer.close();
        }
        System.exit(0);
    }
}
