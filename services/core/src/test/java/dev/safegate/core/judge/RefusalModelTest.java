package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shipped weights are exactly what the project's training code makes of the open data. */
class RefusalModelTest {
    @Test
    void theShippedModelIsWhatTrainingOnTheOpenDataWrites() throws IOException {
        Optional<RefusalModelTraining> training = RefusalModelTraining.fromSharedData();
        Assumptions.assumeTrue(training.isPresent(), SharedData.missingMessage(LabelledSets.XSTEST_V1));
        String shipped;
        try (InputStream in = LearnedRefusalJudge.class.getResourceAsStream(LearnedRefusalJudge.MODEL_RESOURCE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(training.get().shippedModelText(), shipped,
                "the shipped refusal model is stale: run scripts/safegate judge train and bump LearnedRefusalJudge.VERSION");
        assertTrue(shipped.contains("version " + LearnedRefusalJudge.VERSION), "the model file names its judge version");
    }
}
