package dev.safegate.results.analysis;

import dev.safegate.core.stats.RegressionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Regression policies by the name a plan gives ({@code RunEvent.policy}): {@code <name>.yaml} in
 * {@code safegate.results.policy-dir} (a mounted ConfigMap in the chart) where that file exists, else the policies
 * shipped with core ({@code default}, the name of a plan that gives none, and {@code fixed}).
 */
@ApplicationScoped
public class PolicyCatalog {
    public static final String DEFAULT = RegressionPolicy.DEFAULT;

    private final Optional<Path> directory;

    public PolicyCatalog(@ConfigProperty(name = "safegate.results.policy-dir") Optional<Path> directory) {
        this.directory = directory;
    }

    public RegressionPolicy byName(String name) {
        String policy = name == null || name.isBlank() ? DEFAULT : name;
        if (!policy.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid policy name '" + policy + "'");
        }
        Optional<Path> file = directory.map(d -> d.resolve(policy + ".yaml")).filter(Files::isRegularFile);
        if (file.isPresent()) {
            return RegressionPolicy.load(file.get());
        }
        if (RegressionPolicy.BUILT_IN.contains(policy)) {
            return RegressionPolicy.builtIn(policy);
        }
        throw new IllegalArgumentException("unknown policy '" + policy + "' (built in: " + RegressionPolicy.BUILT_IN
                + directory.map(d -> "; no " + policy + ".yaml in " + d)
                        .orElse("; safegate.results.policy-dir is not set") + ")");
    }
}
