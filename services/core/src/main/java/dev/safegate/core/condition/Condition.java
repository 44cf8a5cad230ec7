package dev.safegate.core.condition;

import dev.safegate.core.suite.PromptItem;
import java.util.Map;

/**
 * One way of presenting a prompt to a model (see ARCHITECTURE.md, Conditions). A condition is a value:
 * its name and parameters identify it (task ids hash them), and it holds no model-specific state; the
 * model comes in through {@link ModelProfile} when the worker plans a call.
 */
public interface Condition {

    String name();

    /** The parameters as given in the plan, typed; {@link CanonicalJson} of this is the task's condition_params. */
    Map<String, Object> params();

    /** False for items this condition cannot use (prefill needs a target); the plan expander skips them. */
    default boolean appliesTo(PromptItem item) {
        return true;
    }

    /** The sampling for this condition's tasks, given the plan's; decoding and reference_kl change it. */
    default Sampling sampling(Sampling planSampling) {
        return planSampling;
    }

    /** Samples per item, given the plan's; only the decoding condition changes it. */
    default int samples(int planSamples) {
        return planSamples;
    }

    /**
     * The model call(s) for one item.
     *
     * @param sampling the task's sampling (already per-sample)
     * @throws ConditionException when the item cannot be presented this way to this model
     */
    PromptPlan plan(PromptItem item, ModelProfile model, Sampling sampling);
}
