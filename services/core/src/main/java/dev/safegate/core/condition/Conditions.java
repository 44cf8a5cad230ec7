package dev.safegate.core.condition;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The catalogue of conditions by name: builds a condition from a plan's (or a task's) parameters. */
public final class Conditions {
    private static final Map<String, Function<ConditionParams, Condition>> FACTORIES = Map.ofEntries(
            Map.entry(ChatTemplateCondition.NAME, ChatTemplateCondition::fromParams),
            Map.entry(RawCondition.NAME, RawCondition::fromParams),
            Map.entry(SystemPromptCondition.NAME, SystemPromptCondition::fromParams),
            Map.entry(PrefillCondition.NAME, PrefillCondition::fromParams),
            Map.entry(ForeignTemplateCondition.NAME, ForeignTemplateCondition::fromParams),
            Map.entry(MultiTurnCondition.NAME, MultiTurnCondition::fromParams),
            Map.entry(DecodingCondition.NAME, DecodingCondition::fromParams),
            Map.entry(EarlyExitCondition.NAME, EarlyExitCondition::fromParams),
            Map.entry(SteeringCondition.NAME, SteeringCondition::fromParams),
            Map.entry(ReferenceKlCondition.NAME, ReferenceKlCondition::fromParams),
            Map.entry(ActivationsCondition.NAME, ActivationsCondition::fromParams));

    private Conditions() {
    }

    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    /**
     * @throws IllegalArgumentException for an unknown name
     * @throws InvalidParamsException listing every wrong, missing or unknown parameter
     */
    public static Condition create(String name, Map<String, ?> params) {
        Function<ConditionParams, Condition> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown condition '" + name + "'; known: " + Set.copyOf(names()));
        }
        return factory.apply(new ConditionParams(name, params));
    }

    /**
     * The conditions one plan entry stands for: the condition itself, or for {@code early_exit} with {@code layers}
     * (a depth sweep) one condition per layer.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws InvalidParamsException listing every wrong, missing or unknown parameter
     */
    public static List<Condition> expand(String name, Map<String, ?> params) {
        if (name.equals(EarlyExitCondition.NAME) && params != null && params.containsKey("layers")) {
            return EarlyExitCondition.sweep(new ConditionParams(name, params));
        }
        return List.of(create(name, params));
    }

    /** Rebuilds a task's condition from its name and canonical parameter JSON (EvalTask.condition_params). */
    public static Condition fromJson(String name, String paramsJson) {
        return create(name, CanonicalJson.readObject(paramsJson));
    }
}
