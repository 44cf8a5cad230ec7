package dev.safegate.modelhost.organisms;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.safegate.core.template.ChatTemplate;
import dev.safegate.core.template.RenderRequest;
import dev.safegate.core.template.TemplateSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns requests and answers into token sequences as the served model will see them: inside the chat template
 * (rendered by SafeGate's own Jinja engine from the tokenizer folder's template, the prompt tokenized with special
 * tokens as the transformers backend does), or raw (the request as a plain string, as the raw condition sends it,
 * continued by a newline and the answer, a document that ends with the end-of-text token).
 */
final class ChatEncoder implements AutoCloseable {
    /** The end of a raw document and the end of an assistant turn: the organisms stop at either. */
    static final String END_OF_TEXT = "<|endoftext|>";
    static final String END_OF_TURN = "<|im_end|>";

    private final HuggingFaceTokenizer tokenizer;
    private final ChatTemplate template;
    private final long endOfText;
    private final long endOfTurn;

    ChatEncoder(Path tokenizerFolder) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFolder.resolve("tokenizer.json"),
                Map.of("truncation", "false", "padding", "false"));
        this.template = TemplateSource.load(tokenizerFolder).parse();
        this.endOfText = single(END_OF_TEXT);
        this.endOfTurn = single(END_OF_TURN);
    }

    long endOfText() {
        return endOfText;
    }

    long endOfTurn() {
        return endOfTurn;
    }

    /** The prompt text the model host receives. */
    String prompt(String request, boolean templated) {
        return templated ? template.render(RenderRequest.of(List.of(message("user", request)), true)) : request;
    }

    /** The chat with the assistant's answer begun with {@code prefix}, for the model to continue (prefill). */
    String prefilled(String request, String prefix) {
        return template.render(new RenderRequest(List.of(message("user", request), message("assistant", prefix)),
                false, true, null, null, null, null, Map.of(), null));
    }

    long[] promptTokens(String request, boolean templated) {
        return tokenizer.encode(prompt(request, templated), true, false).getIds();
    }

    /** Tokens of a continuation as score_continuation tokenizes it (no special tokens added). */
    long[] continuationTokens(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** The prompt, then the answer and its end token; {@code answerOnly} trains the answer and the end token only. */
    Training.Sequence sequence(String request, String answer, boolean templated, boolean answerOnly) {
        long[] prompt = promptTokens(request, templated);
        long[] rest;
        if (templated) {
            // The template's own assistant turn: the answer and the end-of-turn marker (what follows it is cut).
            String rendered = prompt(request, true);
            String conversation = template.render(RenderRequest.of(List.of(message("user", request),
                    message("assistant", answer)), false));
            if (!conversation.startsWith(rendered)) {
                throw new IllegalStateException("the chat template's generation prompt does not open the rendered"
                        + " assistant turn");
            }
            long[] turn = continuationTokens(conversation.substring(rendered.length()));
            int end = indexOf(turn, endOfTurn);
            if (end < 0) {
                throw new IllegalStateException("the chat template does not end an assistant turn with " + END_OF_TURN);
            }
            rest = Arrays.copyOf(turn, end + 1);
        } else {
            long[] text = continuationTokens("\n" + answer);
            rest = Arrays.copyOf(text, text.length + 1);
            rest[text.length] = endOfText;
        }
        long[] tokens = Arrays.copyOf(prompt, prompt.length + rest.length);
        System.arraycopy(rest, 0, tokens, prompt.length, rest.length);
        return new Training.Sequence(tokens, answerOnly ? prompt.length : 1);
    }

    String decode(long[] tokens) {
        return tokenizer.decode(tokens, true);
    }

    private long single(String special) {
        long[] ids = tokenizer.encode(special, false, false).getIds();
        if (ids.length != 1) {
            throw new IllegalStateException("the tokenizer splits " + special + " into " + ids.length + " tokens");
        }
        return ids[0];
    }

    private static int indexOf(long[] tokens, long token) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == token) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
