package dev.safegate.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The white-box model host (the model host's transformers backend): off by default, on GPU nodes when enabled. */
class WhiteBoxModelHostTest {

    private static final String WHITE_BOX = HelmChart.name("whitebox-model-host");

    @Test
    void absentByDefault() {
        Rendered rendered = ValueSets.rendered(ValueSets.DEFAULT);

        assertFalse(rendered.has("Deployment", WHITE_BOX));
        assertFalse(rendered.has("Service", WHITE_BOX));
    }

    @Test
    void enabledItRequestsAGpuAndServesTheClaimsModelsOffline() {
        Rendered rendered = ValueSets.rendered(ValueSets.WHITE_BOX);
        Deployment deployment = rendered.get("Deployment", WHITE_BOX, Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container host = Pods.container(deployment, "model-host");

        assertEquals(new Quantity("1"), host.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())));
        assertTrue(host.getImage().contains("safegate/model-host:"), host.getImage());
        assertEquals("/models", Pods.envValue(host, "SAFEGATE_MODELHOST_REPOSITORY"));
        assertEquals("/opt/libtorch-cu124/lib", Pods.envValue(host, "PYTORCH_LIBRARY_PATH"));
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                && "safegate-hf-models".equals(v.getPersistentVolumeClaim().getClaimName())));
        // The root filesystem is read-only: DJL's extraction folder must be a mounted, writable volume.
        String cache = Pods.envValue(host, "DJL_CACHE_DIR");
        assertTrue(host.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(cache)
                && !Boolean.TRUE.equals(m.getReadOnly())), cache);
        assertEquals(List.of(8001), rendered.get("Service", WHITE_BOX, io.fabric8.kubernetes.api.model.Service.class)
                .getSpec().getPorts().stream().filter(p -> p.getName().equals("grpc")).map(p -> p.getPort()).toList());
    }

    @Test
    void onlyInferenceWorkersMayCallIt() {
        Rendered rendered = ValueSets.rendered(ValueSets.WHITE_BOX);
        NetworkPolicy policy = rendered.get("NetworkPolicy", WHITE_BOX, NetworkPolicy.class);
        List<String> allowed = rendered.ofKind("Deployment", Deployment.class).stream()
                .filter(d -> policy.getSpec().getIngress().getFirst().getFrom().stream()
                        .anyMatch(peer -> Pods.selects(peer.getPodSelector().getMatchLabels(),
                                d.getSpec().getTemplate().getMetadata().getLabels())))
                .map(d -> d.getMetadata().getName()).toList();

        assertEquals(List.of(HelmChart.name("inference-worker")), allowed);
    }

    @Test
    void enabledWithoutAModelClaimIsRefused() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> HelmChart.render(Map.of("whiteBox.enabled", "true")));

        assertTrue(error.getMessage().contains("whiteBox.modelRepository.existingClaim is required"), error.getMessage());
    }
}
