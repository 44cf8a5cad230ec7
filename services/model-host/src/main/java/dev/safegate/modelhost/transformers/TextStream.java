package dev.safegate.modelhost.transformers;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Arrays;

/**
 * Turns generated token ids into text pieces as they come. Byte-level tokens may end inside a UTF-8 character,
 * so the whole output is decoded again each time and only its new, complete part is sent (vLLM's incremental
 * detokenization does the same); special tokens are skipped, as vLLM's default skip_special_tokens does.
 */
final class TextStream {
    private final HuggingFaceTokenizer tokenizer;
    private long[] ids = new long[16];
    private int count;
    private int sent;

    TextStream(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text that token adds; empty while a character is incomplete. */
    String add(long id) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String text = tokenizer.decode(Arrays.copyOf(ids, count), true);
        if (text.endsWith("\uFFFD") || text.length() <= sent) {
            return "";
        }
        String piece = text.substring(sent);
        sent = text.length();
        return piece;
    }
}
