package dev.safegate.modelhost.organisms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OrganismsCommandTest {

    @Test
    void defaultsAndOptions() {
        assertEquals(new OrganismsCommand.Arguments("train", Path.of(".run/organisms"), 1, 1),
                OrganismsCommand.Arguments.parse("train"));
        assertEquals(new OrganismsCommand.Arguments("findings", Path.of("organisms-out"), 7, 2),
                OrganismsCommand.Arguments.parse("findings", "--out", "organisms-out", "--seed", "7", "--threads", "2"));
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertTrue(message("serve").startsWith("usage: organisms train|findings|planted"));
        assertTrue(message("train", "--colour", "red").contains("'--colour'"));
        assertTrue(message("train", "--seed").contains("'--seed'"), "an option without its value");
        assertTrue(message("train", "--seed", "x").contains("--seed and --threads must be integers"));
        assertTrue(message("train", "--threads", "0").contains("--threads must be >= 1"));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> OrganismsCommand.Arguments.parse(args)).getMessage();
    }
}
