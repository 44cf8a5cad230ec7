package dev.safegate.proto;

import java.util.List;

/** The Kafka topics that connect the services (ARCHITECTURE.md, "Kafka topics"). */
public final class Topics {
    public static final String RUNS = "safegate.runs";
    public static final String TASKS = "safegate.tasks";
    public static final String GENERATIONS = "safegate.generations";
    public static final String VERDICTS = "safegate.verdicts";
    public static final String DLQ = "safegate.dlq";
    /** Image audits: the worker's explanations of image tasks, read by results (ImageExplanation). */
    public static final String EXPLANATIONS = "safegate.explanations";

    public static final List<String> ALL = List.of(RUNS, TASKS, GENERATIONS, VERDICTS, DLQ, EXPLANATIONS);

    private Topics() {
    }
}
