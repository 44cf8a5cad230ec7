package dev.safegate.orchestrator.run;

import dev.safegate.orchestrator.model.BaselineRule;
import dev.safegate.orchestrator.model.ModelAliases;
import dev.safegate.orchestrator.model.RegisteredModel;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Applies a model's baseline rule: the version behind its alias, else the previous version, else none. */
@Singleton
public class Baselines {
    private final ModelAliases aliases;
    private final RunLifecycleStore store;

    public Baselines(ModelAliases aliases, RunLifecycleStore store) {
        this.aliases = aliases;
        this.store = store;
    }

    public Optional<String> of(RegisteredModel model, String version) {
        BaselineRule rule = model.baseline();
        if (rule.alias() != null) {
            Optional<String> aliased = aliases.find(model.name(), rule.alias()).filter(v -> !v.equals(version));
            if (aliased.isPresent()) {
                return aliased;
            }
        }
        if (!rule.previousVersion()) {
            return Optional.empty();
        }
        if (version.matches("\\d{1,18}")) {
            long number = Long.parseLong(version);
            return number > 1 ? Optional.of(Long.toString(number - 1)) : Optional.empty();
        }
        return store.previousVersion(model.name(), version);
    }
}
