package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What a model folder says about its tokenizer beyond tokenizer.json's encoding: the token strings (to check them
 * against the model's vocabulary and name the special tokens) and the chat template, from chat_template.jinja or
 * tokenizer_config.json (the file wins, as in transformers).
 *
 * @param tokens token id -> text, vocabulary and added tokens
 * @param chatTemplate the Jinja chat template, or null
 * @param bosToken tokenizer_config.json's bos_token, or null
 * @param eosToken tokenizer_config.json's eos_token, or null
 */
record HfTokenizerFiles(Map<Long, String> tokens, String chatTemplate, String bosToken, String eosToken) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static HfTokenizerFiles read(Path folder) throws IOException {
        Path tokenizerFile = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException(tokenizerFile + " does not exist");
        }
        JsonNode tokenizer = json(tokenizerFile);
        Map<Long, String> tokens = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tokenizer.path("model").path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            tokens.put(entry.getValue().asLong(), entry.getKey());
        }
        tokenizer.path("added_tokens").forEach(added -> tokens.put(added.path("id").asLong(), added.path("content").asText()));
        if (tokens.isEmpty()) {
            throw new IOException(tokenizerFile + ": no vocabulary (model.vocab) found");
        }
        Path configFile = folder.resolve("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? json(configFile) : JSON.createObjectNode();
        Path templateFile = folder.resolve("chat_template.jinja");
        String template = Files.isRegularFile(templateFile) ? Files.readString(templateFile) : template(config);
        return new HfTokenizerFiles(Map.copyOf(tokens), template, token(config.path("bos_token")),
                token(config.path("eos_token")));
    }

    long maxId() {
        return tokens.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** tokenizer_config.json's chat_template: a string, or a list of named templates ("default" is the model's). */
    private static String template(JsonNode config) {
        JsonNode template = config.path("chat_template");
        if (template.isTextual()) {
            return template.asText();
        }
        for (JsonNode named : template) {
            if (named.path("name").asText().equals("default")) {
                return named.path("template").asText();
            }
        }
        return null;
    }

    /** A special token given as a string or as an AddedToken object ({"content": ...}). */
    private static String token(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        return node.path("content").isTextual() ? node.get("content").asText() : null;
    }

    private static JsonNode json(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
