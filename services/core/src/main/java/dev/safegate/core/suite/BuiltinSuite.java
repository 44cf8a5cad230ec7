package dev.safegate.core.suite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * SafeGate's own small suites, shipped as resources so that an evaluation runs without any dataset folder:
 * {@value #NAME} (a mild smoke test) and {@value #ORGANISM} (the prompts of the planted-weights model organism).
 */
final class BuiltinSuite {
    static final String NAME = "builtin";
    static final String ORGANISM = "organism";
    static final java.util.Set<String> NAMES = java.util.Set.of(NAME, ORGANISM);

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private BuiltinSuite() {
    }

    record Entry(String id, String category, ExpectedBehavior expected, String text, String target,
            List<PromptMessage> messages) {
    }

    record File(List<Entry> items) {
    }

    /** The items of the shipped suite {@code name}, one of {@link #NAMES}. */
    static List<PromptItem> read(String name) {
        String resource = "/safegate/suites/" + name + ".yaml";
        try (InputStream in = BuiltinSuite.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SuiteException("resource " + resource + " missing from the classpath");
            }
            return YAML.readValue(in, File.class).items().stream().map(entry -> toItem(name, resource, entry))
                    .toList();
        } catch (IOException e) {
            throw new SuiteException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static PromptItem toItem(String suite, String resource, Entry entry) {
        if ((entry.text() == null) == (entry.messages() == null)) {
            throw new SuiteException(resource + ": item " + entry.id() + " needs exactly one of text or messages");
        }
        return entry.text() != null
                ? PromptItem.single(entry.id(), suite, entry.category(), entry.expected(), entry.text(), entry.target(),
                        null, null)
                : PromptItem.dialogue(entry.id(), suite, entry.category(), entry.expected(), entry.messages(), null);
    }
}
