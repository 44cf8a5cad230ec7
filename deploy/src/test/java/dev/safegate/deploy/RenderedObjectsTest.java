package dev.safegate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Checks every object rendered with the default values and with each value set of ci/. */
class RenderedObjectsTest {

    private static final Set<String> SAFEGATE_SERVICES = Set.of("orchestrator", "results", "judge", "inference-worker");
    private static final Pattern SECRET_LIKE = Pattern.compile(".*(TOKEN|SECRET|PASSWORD|JAAS).*");

    static List<String> valueSets() {
        return ValueSets.all();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyObjectParsesIntoTheKubernetesModelOrIsAKnownCustomResource(String valueSet) {
        Rendered rendered = ValueSets.rendered(valueSet);
        assertFalse(rendered.objects().isEmpty());
        for (ObjectNode object : rendered.objects()) {
            String type = KubernetesModel.typeKey(object);
            Class<?> modelClass = KubernetesModel.BUILT_IN.get(type);
            if (modelClass != null) {
                assertNotNull(KubernetesModel.strict(object, modelClass));
            } else if (KubernetesModel.CUSTOM.contains(type)) {
                CustomResources.assertRequiredFields(object);
            } else {
                fail(valueSet + ": unexpected kind " + type);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyObjectIsNamedLabelledAndNamespaced(String valueSet) {
        for (ObjectNode object : ValueSets.rendered(valueSet).objects()) {
            JsonNode metadata = object.path("metadata");
            String name = metadata.path("name").asText();
            assertTrue(name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?"), () -> "invalid name " + name);
            assertFalse(metadata.path("namespace").asText().isEmpty(), () -> name + " has no namespace");
            assertEquals(HelmChart.RELEASE, metadata.path("labels").path("app.kubernetes.io/instance").asText(), name);
            assertEquals("safegate", metadata.path("labels").path("app.kubernetes.io/name").asText(), name);
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyDeploymentHasProbesResourcesAndARestrictedSecurityContext(String valueSet) {
        List<Deployment> deployments = ValueSets.rendered(valueSet).ofKind("Deployment", Deployment.class);
        assertTrue(deployments.size() >= 4, valueSet);
        for (Deployment deployment : deployments) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String where = valueSet + " " + deployment.getMetadata().getName();
            assertPodSecurity(pod.getSecurityContext(), where);
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), where);
            for (Container container : pod.getContainers()) {
                String at = where + "/" + container.getName();
                assertContainerSecurity(container.getSecurityContext(), at);
                assertNotNull(container.getResources().getRequests().get("cpu"), at + " cpu request");
                assertNotNull(container.getResources().getRequests().get("memory"), at + " memory request");
                assertNotNull(container.getResources().getLimits().get("memory"), at + " memory limit");
                for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())) {
                    assertNotNull(probe, at + " lacks a probe");
                    assertProbePortIsDeclared(probe.getHttpGet(), container, at);
                }
                if (SAFEGATE_SERVICES.contains(container.getName())) {
                    assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath(), at);
                    assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath(), at);
                    assertEquals("/q/health/started", container.getStartupProbe().getHttpGet().getPath(), at);
                    assertEquals(String.valueOf(container.getPorts().getFirst().getContainerPort()),
                            Pods.envValue(container, "QUARKUS_HTTP_PORT"), at + " listens on its declared port");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void selectorsMatchThePodsTheyAreMeantFor(String valueSet) {
        Rendered rendered = ValueSets.rendered(valueSet);
        List<Deployment> deployments = rendered.ofKind("Deployment", Deployment.class);
        for (Deployment deployment : deployments) {
            assertTrue(Pods.selects(deployment.getSpec().getSelector().getMatchLabels(), podLabels(deployment)),
                    () -> deployment.getMetadata().getName() + ": selector does not match its pod labels");
            long overlapping = deployments.stream()
                    .filter(other -> Pods.selects(deployment.getSpec().getSelector().getMatchLabels(), podLabels(other)))
                    .count();
            assertEquals(1, overlapping, () -> deployment.getMetadata().getName() + " selects pods of another Deployment");
        }
        for (Service service : rendered.ofKind("Service", Service.class)) {
            Deployment target = onlyMatch(deployments, service.getSpec().getSelector(), "Service " + service.getMetadata().getName());
            List<String> portNames = target.getSpec().getTemplate().getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName).toList();
            service.getSpec().getPorts().forEach(port -> assertTrue(portNames.contains(port.getTargetPort().getStrVal()),
                    () -> service.getMetadata().getName() + " targets missing port " + port.getTargetPort()));
        }
        for (PodDisruptionBudget pdb : rendered.ofKind("PodDisruptionBudget", PodDisruptionBudget.class)) {
            onlyMatch(deployments, pdb.getSpec().getSelector().getMatchLabels(), "PDB " + pdb.getMetadata().getName());
        }
        for (NetworkPolicy policy : rendered.ofKind("NetworkPolicy", NetworkPolicy.class)) {
            onlyMatch(deployments, policy.getSpec().getPodSelector().getMatchLabels(), "NetworkPolicy " + policy.getMetadata().getName());
        }
        for (HorizontalPodAutoscaler hpa : rendered.ofKind("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class)) {
            assertTrue(rendered.has("Deployment", hpa.getSpec().getScaleTargetRef().getName()), hpa.getMetadata().getName());
        }
        for (ObjectNode scaled : rendered.ofKind("ScaledObject")) {
            assertTrue(rendered.has("Deployment", scaled.at("/spec/scaleTargetRef/name").asText()), scaled.toString());
        }
    }

    /** Steering along a stored direction: the worker fetches it from the results Service of the release. */
    @ParameterizedTest
    @MethodSource("valueSets")
    void workersReachTheResultsServiceForStoredDirections(String valueSet) {
        Rendered rendered = ValueSets.rendered(valueSet);
        Deployment worker = rendered.ofKind("Deployment", Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith("inference-worker")).findFirst().orElseThrow();
        String url = worker.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getName().equals("SAFEGATE_RESULTS_URL")).map(EnvVar::getValue).findFirst().orElseThrow();
        Service results = rendered.ofKind("Service", Service.class).stream()
                .filter(s -> s.getMetadata().getName().endsWith("-results")).findFirst().orElseThrow();
        assertEquals("http://" + results.getMetadata().getName() + ":" + results.getSpec().getPorts().getFirst()
                .getPort(), url);
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void secretsAreReferencedNeverInlined(String valueSet) {
        Rendered rendered = ValueSets.rendered(valueSet);
        assertTrue(rendered.ofKind("Secret").isEmpty(), "no value set here asks the chart to create a Secret");
        List<EnvVar> secretEnv = new ArrayList<>();
        for (Deployment deployment : rendered.ofKind("Deployment", Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                container.getEnv().stream().filter(e -> SECRET_LIKE.matcher(e.getName()).matches()).forEach(secretEnv::add);
            }
        }
        assertFalse(secretEnv.isEmpty());
        for (EnvVar env : secretEnv) {
            assertEquals(null, env.getValue(), () -> env.getName() + " is inlined");
            assertNotNull(env.getValueFrom().getSecretKeyRef(), () -> env.getName() + " is not read from a Secret");
        }
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Deployment onlyMatch(List<Deployment> deployments, Map<String, String> selector, String what) {
        List<Deployment> matched = deployments.stream().filter(d -> Pods.selects(selector, podLabels(d))).toList();
        assertEquals(1, matched.size(), () -> what + " should select exactly one Deployment, selects " + matched.size());
        return matched.getFirst();
    }

    private static void assertPodSecurity(PodSecurityContext context, String where) {
        assertNotNull(context, where + " pod securityContext");
        assertEquals(Boolean.TRUE, context.getRunAsNonRoot(), where);
        assertEquals("RuntimeDefault", context.getSeccompProfile().getType(), where);
    }

    private static void assertContainerSecurity(SecurityContext context, String where) {
        assertNotNull(context, where + " securityContext");
        assertEquals(Boolean.TRUE, context.getRunAsNonRoot(), where + " runAsNonRoot");
        assertEquals(Boolean.TRUE, context.getReadOnlyRootFilesystem(), where + " readOnlyRootFilesystem");
        assertEquals(Boolean.FALSE, context.getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), context.getCapabilities().getDrop(), where + " capabilities");
        assertEquals("RuntimeDefault", context.getSeccompProfile().getType(), where + " seccomp");
    }

    private static void assertProbePortIsDeclared(HTTPGetAction get, Container container, String where) {
        assertNotNull(get, where + " probe is not an HTTP probe");
        String port = get.getPort().getStrVal();
        assertTrue(container.getPorts().stream().anyMatch(p -> p.getName().equals(port)),
                () -> where + " probes undeclared port " + port);
    }
}
