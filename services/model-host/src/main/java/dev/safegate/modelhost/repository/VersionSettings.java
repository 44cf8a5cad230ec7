package dev.safegate.modelhost.repository;

import dev.safegate.modelhost.synthetic.BehaviourProfile;

/**
 * What one version of a model changes.
 *
 * @param behaviour a synthetic chat model's behaviour for this version (null keeps the model's)
 * @param path a GGUF model's file or a transformers model's folder for this version (null keeps the model's)
 * @param decides a synthetic image classifier's rule for this version (null keeps the model's)
 */
public record VersionSettings(BehaviourProfile behaviour, String path, String decides) {
    public static final VersionSettings SAME = new VersionSettings(null, null, null);
}
