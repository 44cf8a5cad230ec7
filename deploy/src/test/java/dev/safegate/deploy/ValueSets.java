package dev.safegate.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The default values and the value sets of ci/, each rendered once per test run. */
final class ValueSets {

    static final String DEFAULT = "default";
    static final String TRITON_SIDECAR = "triton-sidecar-values.yaml";
    static final String TRITON_EXTERNAL = "triton-external-values.yaml";
    static final String KEDA = "keda-values.yaml";
    static final String MONITORING = "monitoring-values.yaml";
    static final String EXISTING_SECRETS = "existing-secrets-values.yaml";
    static final String WHITE_BOX = "whitebox-values.yaml";

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private ValueSets() {
    }

    static List<String> all() {
        return List.of(DEFAULT, TRITON_SIDECAR, TRITON_EXTERNAL, KEDA, MONITORING, EXISTING_SECRETS, WHITE_BOX);
    }

    static Rendered rendered(String valueSet) {
        return CACHE.computeIfAbsent(valueSet, set -> DEFAULT.equals(set)
                ? HelmChart.render()
                : HelmChart.render(HelmChart.ciValues(set)));
    }

    static Path file(String valueSet) {
        return HelmChart.ciValues(valueSet);
    }
}
