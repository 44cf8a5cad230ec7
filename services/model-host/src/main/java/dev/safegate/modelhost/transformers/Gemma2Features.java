package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Gemma-2 changes in the Llama forward pass (transformers' modeling_gemma2): embeddings scaled by
 * sqrt(hidden_size), RMSNorm weights used as (1 + w), norms after attention and after the MLP as well as before
 * them ("sandwich" norms), a tanh-approximated GELU in the MLP, attention scaled by query_pre_attn_scalar^-1/2,
 * and tanh soft-capping of the attention scores and of the final logits. Its alternating sliding-window layers need no
 * mask here because the context stops at the window.
 *
 * @param attentionSoftcap cap of the attention scores, or 0 for none
 * @param finalSoftcap cap of the output logits, or 0 for none
 */
record Gemma2Features(double queryPreAttentionScalar, double attentionSoftcap, double finalSoftcap) {

    static Gemma2Features read(JsonNode root, int headDim) {
        return new Gemma2Features(root.path("query_pre_attn_scalar").asDouble(headDim),
                root.path("attn_logit_softcapping").asDouble(0), root.path("final_logit_softcapping").asDouble(0));
    }
}
