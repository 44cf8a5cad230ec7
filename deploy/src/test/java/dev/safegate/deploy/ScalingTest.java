package dev.safegate.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KEDA on consumer lag for workers and judges, CPU HPAs otherwise; Strimzi topics. */
class ScalingTest {

    @Test
    void kedaScalesWorkersAndJudgesOnTheLagOfTheirConsumerGroups() {
        Rendered rendered = ValueSets.rendered(ValueSets.KEDA);

        ObjectNode worker = rendered.get("ScaledObject", HelmChart.name("inference-worker"));
        assertEquals("safegate-inference-worker", worker.at("/spec/triggers/0/metadata/consumerGroup").asText());
        assertEquals("safegate.tasks", worker.at("/spec/triggers/0/metadata/topic").asText());
        assertEquals("100", worker.at("/spec/triggers/0/metadata/lagThreshold").asText());
        assertEquals("safegate-kafka-auth", worker.at("/spec/triggers/0/authenticationRef/name").asText());
        assertEquals(0, worker.at("/spec/minReplicaCount").asInt(), "workers may scale to zero");
        assertEquals(12, worker.at("/spec/maxReplicaCount").asInt());

        ObjectNode judge = rendered.get("ScaledObject", HelmChart.name("judge"));
        assertEquals("safegate-judge", judge.at("/spec/triggers/0/metadata/consumerGroup").asText());
        assertEquals("safegate.generations", judge.at("/spec/triggers/0/metadata/topic").asText());
        assertEquals("safegate-kafka-kafka-bootstrap:9092", judge.at("/spec/triggers/0/metadata/bootstrapServers").asText());
    }

    @Test
    void kedaOwnsTheReplicasOfWorkersAndJudges() {
        Rendered rendered = ValueSets.rendered(ValueSets.KEDA);

        List<String> hpas = rendered.ofKind("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class).stream()
                .map(h -> h.getSpec().getScaleTargetRef().getName()).sorted().toList();
        assertEquals(List.of(HelmChart.name("orchestrator"), HelmChart.name("results")), hpas,
                "judge.autoscaling.enabled must not add a second autoscaler next to KEDA");
        for (String scaled : List.of("inference-worker", "judge")) {
            assertNull(rendered.get("Deployment", HelmChart.name(scaled), Deployment.class).getSpec().getReplicas(),
                    scaled + " replicas are left to KEDA");
        }
    }

    @Test
    void withoutKedaAnEnabledAutoscalerIsACpuHpa() {
        Rendered rendered = HelmChart.render(Map.of("judge.autoscaling.enabled", "true", "judge.autoscaling.maxReplicas", "5"));

        assertTrue(rendered.ofKind("ScaledObject").isEmpty());
        HorizontalPodAutoscaler hpa = rendered.get("HorizontalPodAutoscaler", HelmChart.name("judge"), HorizontalPodAutoscaler.class);
        assertEquals(5, hpa.getSpec().getMaxReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().getFirst().getResource().getName());
        assertNull(rendered.get("Deployment", HelmChart.name("judge"), Deployment.class).getSpec().getReplicas());
        assertEquals(1, rendered.get("Deployment", HelmChart.name("inference-worker"), Deployment.class).getSpec().getReplicas());
    }

    @Test
    void defaultsCreateNoAutoscalersAndNoTopics() {
        Rendered rendered = ValueSets.rendered(ValueSets.DEFAULT);

        assertTrue(rendered.ofKind("ScaledObject").isEmpty());
        assertTrue(rendered.ofKind("HorizontalPodAutoscaler").isEmpty());
        assertTrue(rendered.ofKind("KafkaTopic").isEmpty());
    }

    @Test
    void strimziTopicsCarryPartitionsAndRetentionFromValues() {
        Rendered rendered = ValueSets.rendered(ValueSets.KEDA);
        List<ObjectNode> topics = rendered.ofKind("KafkaTopic");

        assertEquals(List.of("safegate.dlq", "safegate.explanations", "safegate.generations", "safegate.runs",
                        "safegate.tasks", "safegate.verdicts"),
                topics.stream().map(t -> t.at("/spec/topicName").asText()).sorted().toList());
        ObjectNode tasks = rendered.get("KafkaTopic", "sg-safegate-tasks");
        assertEquals(24, tasks.at("/spec/partitions").asInt());
        assertEquals(3, tasks.at("/spec/replicas").asInt());
        assertEquals(604800000L, tasks.at("/spec/config/retention.ms").asLong());
        assertEquals(2592000000L, rendered.get("KafkaTopic", "sg-safegate-verdicts").at("/spec/config/retention.ms").asLong());
        assertEquals("safegate-kafka", tasks.at("/metadata/labels/strimzi.io~1cluster").asText());
        assertEquals("24", Pods.envValue(Pods.container(rendered.get("Deployment", HelmChart.name("orchestrator"), Deployment.class),
                "orchestrator"), "SAFEGATE_TOPIC_PARTITIONS"));
    }
}
