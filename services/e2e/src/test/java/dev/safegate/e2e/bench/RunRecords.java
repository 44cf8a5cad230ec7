package dev.safegate.e2e.bench;

import dev.safegate.proto.EventCodec;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.proto.v1.Verdict;
import java.util.HashSet;
import java.util.Set;

/**
 * What the topics hold about one run: its task records and its generations (each with the producer timestamps of
 * the first and the last), its distinct verdicts, and the timestamp and decision of its COMPLETED event. Timestamps
 * are the records' CreateTime, set by the producing service when it sent them (all processes share this machine's
 * clock).
 */
final class RunRecords {
    long taskRecords;
    final Set<String> taskIds = new HashSet<>();
    long firstTaskMillis = Long.MAX_VALUE;
    long lastTaskMillis;
    final Set<String> generations = new HashSet<>();
    long firstGenerationMillis = Long.MAX_VALUE;
    long lastGenerationMillis;
    long generationErrors;
    final Set<String> verdicts = new HashSet<>();
    long completedMillis;
    String decision = "";

    static RunRecords read(TopicWindow window, String runId) {
        RunRecords run = new RunRecords();
        window.forEach(Topics.TASKS, record -> {
            EvalTask task = EventCodec.task(record.value(), record.headers());
            if (task.getRunId().equals(runId)) {
                run.taskRecords++;
                run.taskIds.add(task.getTaskId());
                run.firstTaskMillis = Math.min(run.firstTaskMillis, record.timestamp());
                run.lastTaskMillis = Math.max(run.lastTaskMillis, record.timestamp());
            }
        });
        window.forEach(Topics.GENERATIONS, record -> {
            Generation generation = EventCodec.generation(record.value(), record.headers());
            if (!generation.getRunId().equals(runId)) {
                return;
            }
            run.firstGenerationMillis = Math.min(run.firstGenerationMillis, record.timestamp());
            run.lastGenerationMillis = Math.max(run.lastGenerationMillis, record.timestamp());
            if (run.generations.add(record.key()) && generation.getStatus() != Generation.Status.OK) {
                run.generationErrors++;
            }
        });
        window.forEach(Topics.VERDICTS, record -> {
            Verdict verdict = EventCodec.verdict(record.value(), record.headers());
            if (verdict.getRunId().equals(runId)) {
                run.verdicts.add(verdict.getTaskId() + "/" + verdict.getJudgeId());
            }
        });
        window.forEach(Topics.RUNS, record -> {
            if (record.key().equals(runId)) {
                RunEvent event = EventCodec.run(record.value(), record.headers());
                if (event.getType() == RunEvent.Type.COMPLETED && run.completedMillis == 0) {
                    run.completedMillis = record.timestamp();
                    run.decision = event.getDecision().name();
                }
            }
        });
        return run;
    }
}
