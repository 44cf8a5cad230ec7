package dev.safegate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safegate.core.judge.LearnedRefusalJudge;
import dev.safegate.core.judge.RefusalJudge;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The judge ids a plan may name (the orchestrator's {@code safegate.judges}) are the judges this service can serve:
 * the built-in refusal judges and one judge per judge-model kind. A plan naming a judge nobody serves would get
 * nothing but "unknown judge" verdicts.
 */
class JudgeIdsAgreementTest {
    private static final Path ORCHESTRATOR_CONFIG =
            Path.of("../orchestrator/src/main/resources/application.properties");

    @Test
    void theOrchestratorAcceptsExactlyTheJudgesThisServiceCanServe() throws IOException {
        Properties orchestrator = new Properties();
        try (Reader in = Files.newBufferedReader(ORCHESTRATOR_CONFIG)) {
            orchestrator.load(in);
        }
        Set<String> accepted = new TreeSet<>(Arrays.asList(orchestrator.getProperty("safegate.judges").split(",")));

        Set<String> servable = new TreeSet<>(Set.of(LearnedRefusalJudge.ID, RefusalJudge.ID));
        GuardJudge.KINDS.values().forEach(kind -> servable.add(kind.judgeId()));
        // The string-match baselines need the shared data in the judge service; they are for the accuracy report.
        assertEquals(servable, accepted, "safegate.judges in " + ORCHESTRATOR_CONFIG);
    }
}
