package dev.safegate.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safegate.core.suite.PromptItem;
import dev.safegate.core.suite.SuiteLoader;
import dev.safegate.core.template.ChatTemplate;
import dev.safegate.core.template.RenderRequest;
import dev.safegate.e2e.bench.BenchStack.RegisteredBenchModel;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.proto.Topics;
import dev.safegate.testing.KafkaBroker;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The whole pipeline (registry webhook -> orchestrator -> Kafka -> inference worker -> model host -> judge ->
 * results -> PostgreSQL) against a bare gRPC client driving the same synthetic model at the same concurrency, run
 * side by side in one invocation so that the ratios hold on a noisy machine. Prints one table: throughput and its
 * ratio for a latency-bound model and a zero-latency one, CPU per task, webhook-to-first-task and
 * last-verdict-to-decision/metric times, resident memory of each service, and a large run whose counts must be
 * exact (the exit status is 1 when they are not). A main, not a test: nothing here asserts a time.
 *
 * <pre>
 * java -cp services/e2e/target/test-classes:$(cat e2e.classpath) dev.safegate.e2e.bench.PipelineBenchmark \
 *     [--tasks 20000] [--latency-tasks 19200] [--scale-tasks 100000] [--warmup-tasks 4000] [--concurrency 64]
 * </pre>
 * Task counts are rounded up to whole samples of the built-in suite; {@code --scale-tasks 0} skips the large run.
 * The latency run lasts about a minute so that the pipeline's start (about 0.5 s from the first task to the first
 * generation, reported separately) weighs about 1% in its throughput.
 * Needs the services packaged ({@code mvn install -DskipTests}).
 */
public final class PipelineBenchmark {
    private static final String LATENCY_MODEL = "bench-latency";
    private static final String ZERO_MODEL = "bench-zero";
    private static final String WARMUP = "bench-warmup";
    private static final String SCALE = "bench-scale";
    private static final int TTFT_MS = 200;
    private static final int BARE_WARMUP_REQUESTS = 10_000;

    record Options(int tasks, int latencyTasks, int scaleTasks, int warmupTasks, int concurrency) {
        static Options parse(String[] args) {
            Map<String, Integer> values = new LinkedHashMap<>(Map.of("--tasks", 20_000, "--latency-tasks", 19_200,
                    "--scale-tasks", 100_000, "--warmup-tasks", 4_000, "--concurrency", 64));
            for (int i = 0; i < args.length; i++) {
                if (!values.containsKey(args[i]) || i + 1 == args.length) {
                    throw new IllegalArgumentException("usage: PipelineBenchmark " + values.keySet().stream()
                            .map(key -> "[" + key + " N]").reduce((a, b) -> a + " " + b).orElseThrow());
                }
                values.put(args[i], Integer.parseInt(args[++i].replace("_", "")));
            }
            return new Options(values.get("--tasks"), values.get("--latency-tasks"), values.get("--scale-tasks"),
                    values.get("--warmup-tasks"), values.get("--concurrency"));
        }
    }

    private final Options options;
    private final List<String> prompts;
    private final ResultTable table = new ResultTable();
    private final Map<String, Long> sampledPeakRss = new LinkedHashMap<>();
    private BenchStack stack;
    private BareClient bare;

    private PipelineBenchmark(Options options, List<String> prompts) {
        this.options = options;
        this.prompts = prompts;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<PromptItem> suite = new SuiteLoader(Optional.empty()).load("builtin");
        int exit = new PipelineBenchmark(options, render(suite)).run();
        System.out.println("[bench] exit status " + exit);
        System.exit(exit);
    }

    /** The prompts exactly as the worker renders them for the chat_template condition (the models' ChatML). */
    private static List<String> render(List<PromptItem> suite) {
        ChatTemplate chatml = ChatTemplate.parse("chatml", BenchStack.CHATML);
        return suite.stream().map(item -> chatml.render(RenderRequest.of(item.messages().stream()
                .map(m -> Map.<String, Object>of("role", m.role(), "content", m.content())).toList(), true))).toList();
    }

    private int samples(int tasks) {
        return Math.max(1, (tasks + prompts.size() - 1) / prompts.size());
    }

    private int run() throws Exception {
        String loadBefore = ProcessUsage.loadAverage();
        long started = System.nanoTime();
        List<ModelSpec> served = List.of(
                syntheticModel(LATENCY_MODEL, "  latency: {ttft_ms: " + TTFT_MS + ", tpot_ms: 0, capacity: "
                        + options.concurrency() + "}\n"),
                syntheticModel(ZERO_MODEL, ""));
        List<RegisteredBenchModel> registered = List.of(
                new RegisteredBenchModel(WARMUP, ZERO_MODEL, samples(options.warmupTasks())),
                new RegisteredBenchModel(LATENCY_MODEL, LATENCY_MODEL, samples(options.latencyTasks())),
                new RegisteredBenchModel(ZERO_MODEL, ZERO_MODEL, samples(options.tasks())),
                new RegisteredBenchModel(SCALE, ZERO_MODEL, samples(Math.max(1, options.scaleTasks()))));
        boolean sound = true;
        System.out.println("[bench] starting Kafka, PostgreSQL, the model host and four service JVMs");
        try (BenchStack wired = BenchStack.start(served, registered, options.concurrency());
                BareClient client = new BareClient(wired.modelHost.target())) {
            stack = wired;
            bare = client;
            ServiceLogs logs = new ServiceLogs(stack.services);
            try {
                System.out.println("[bench] warming up");
                bare.run(ZERO_MODEL, prompts, BARE_WARMUP_REQUESTS, options.concurrency());
                pipeline(WARMUP);
                compare(LATENCY_MODEL, "latency model (ttft " + TTFT_MS + " ms, capacity " + options.concurrency()
                        + ")", samples(options.latencyTasks()) * prompts.size());
                compare(ZERO_MODEL, "zero-latency model", samples(options.tasks()) * prompts.size());
                if (options.scaleTasks() > 0) {
                    sound = scale();
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
                table.add("BENCHMARK ABORTED", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                sound = false;
            }
            memory();
            for (Map.Entry<String, String> failure : logs.outOfMemory().entrySet()) {
                table.add("SERVICE FAILED: " + failure.getKey(), "OutOfMemoryError", "in its log ("
                        + failure.getKey() + "-e2e.log): " + abbreviate(failure.getValue()));
                sound = false;
            }
        }
        table.add("machine", Runtime.getRuntime().availableProcessors() + " CPUs; load average " + loadBefore
                + " before, " + ProcessUsage.loadAverage() + " after", "/proc/loadavg (1/5/15 min); other builds may "
                + "share the machine; wall time " + Math.round((System.nanoTime() - started) / 1e9) + " s");
        System.out.println();
        table.print();
        return sound ? 0 : 1;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** A synthetic ChatML model answering 16 words, never refusing (the judge's work does not depend on it). */
    private static ModelSpec syntheticModel(String name, String latency) {
        return ModelSpec.fromYaml(name, "backend: synthetic\n"
                + "chat_template: |-\n  " + BenchStack.CHATML + "\n"
                + "eos_token: \"<|im_end|>\"\n"
                + "synthetic:\n"
                + "  seed: 7\n"
                + "  answer_tokens: " + BenchStack.MAX_TOKENS + "\n"
                + "  behaviour: {refusal_templated: 0, refusal_raw: 0, benign_refusal: 0}\n"
                + latency);
    }

    /** Bare client, pipeline, bare client again (the machine's state drifts), then the ratio and costs. */
    private void compare(String model, String label, int tasks) throws Exception {
        System.out.println("[bench] " + label + ": bare client, pipeline, bare client, " + tasks + " each");
        BareRun before = bare(model, tasks);
        PipelineRun pipeline = pipeline(model);
        BareRun after = bare(model, tasks);
        double bareRate = (before.perSecond() + after.perSecond()) / 2;
        int c = options.concurrency();
        table.add("bare gRPC client, " + label, String.format("%.0f req/s (%.0f before, %.0f after)", bareRate,
                        before.perSecond(), after.perSecond()),
                tasks + " requests, " + c + " in flight on one ModelStreamInfer stream, same rendered prompts and "
                        + "max_tokens; first send to last final response; mean of the runs before and after the pipeline");
        table.add("pipeline, " + label, String.format("%.0f tasks/s", pipeline.tasksPerSecond()),
                pipeline.tasks() + " tasks (builtin suite x chat_template x samples), worker max-in-flight " + c
                        + "; first task record's timestamp on safegate.tasks to the last verdict row's ingested_at");
        table.add("  worker requests in flight, " + label, String.format("%.1f of %d", pipeline.meanWorkerInFlight(), c),
                "mean of safegate_worker_requests_in_flight on the worker's /q/metrics, sampled every second");
        table.add("  pipeline efficiency, " + label, String.format("%.3f", pipeline.tasksPerSecond() / bareRate),
                "pipeline tasks/s divided by bare req/s (target >= 0.95 for the latency model)");
        table.add("  model call latency, " + label, String.format("%.1f ms in the pipeline, %.1f ms bare",
                        pipeline.meanCallMillis(), (before.meanLatencyMillis() + after.meanLatencyMillis()) / 2),
                "mean of the worker's safegate_model_call_duration_seconds over the run; bare: send to final response");
        RunRecords records = pipeline.records();
        table.add("  where the pipeline's time went, " + label, String.format(
                        "%d ms to the first generation, %.1f s generating, %d ms from the last generation to its stored verdict",
                        records.firstGenerationMillis - records.firstTaskMillis,
                        (records.lastGenerationMillis - records.firstGenerationMillis) / 1000.0,
                        pipeline.lastStoredMillis() - records.lastGenerationMillis),
                "first task record -> first generation record -> last generation record -> last verdict row stored");
        table.add("  webhook -> COMPLETED, " + label, String.format("%.1f s (%.0f tasks/s)",
                        (pipeline.records().completedMillis - pipeline.webhookMillis()) / 1000.0,
                        pipeline.tasks() * 1000.0 / (pipeline.records().completedMillis - pipeline.webhookMillis())),
                "webhook sent to the COMPLETED RunEvent's timestamp on safegate.runs");
        addLatencies(pipeline, label);
        Map<String, Long> cpu = pipeline.cpuNanos();
        long total = cpu.values().stream().mapToLong(Long::longValue).sum();
        table.add("  CPU per task, " + label, String.format("%.0f us", total / 1000.0 / pipeline.tasks()),
                "sum over all processes of utime+stime deltas (/proc/PID/stat), webhook to last verdict stored, / tasks");
        cpu.forEach((process, nanos) -> table.add("    CPU per task: " + process,
                String.format("%.0f us", nanos / 1000.0 / pipeline.tasks()), process.equals(CpuSnapshot.BENCH_JVM)
                        ? "this JVM: in-JVM Kafka broker, model host, polling" : "that process alone"));
        if (model.equals(ZERO_MODEL)) {
            table.add("    CPU per request: bare client", String.format("%.0f us", after.cpuMicrosPerRequest()),
                    "this JVM (bare client + model host) utime+stime delta / requests");
        }
        if (pipeline.records().generationErrors > 0) {
            table.add("  ERROR generations, " + label, Long.toString(pipeline.records().generationErrors),
                    "generations with status ERROR: the throughput above is not valid");
        }
    }

    private void addLatencies(PipelineRun pipeline, String label) {
        RunRecords records = pipeline.records();
        table.add("  webhook -> first task, " + label, (records.firstTaskMillis - pipeline.webhookMillis()) + " ms",
                "webhook HTTP request sent to the first task record's timestamp on safegate.tasks (HTTP answer after "
                        + pipeline.webhookAnswerMillis() + " ms)");
        table.add("  last verdict -> decision, " + label, (records.completedMillis - pipeline.lastStoredMillis())
                + " ms", "last verdict row's ingested_at (its transaction's start) to the COMPLETED RunEvent's "
                + "timestamp on safegate.runs (decision " + records.decision + ")");
        OptionalLong metric = pipeline.metricMillis();
        table.add("  last verdict -> metric, " + label, metric.isPresent()
                        ? (metric.getAsLong() - pipeline.lastStoredMillis()) + " ms" : "NOT SHOWN within 60 s",
                "to safegate_run_decision{model} = 1 on results' /q/metrics (polled every 10 ms once all rows were "
                        + "counted; the count polled every 50 ms)");
    }

    private record BareRun(int requests, double seconds, double meanLatencyMillis, long cpuNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double cpuMicrosPerRequest() {
            return cpuNanos / 1000.0 / requests;
        }
    }

    private BareRun bare(String model, int requests) throws InterruptedException {
        long cpu = ProcessUsage.cpuNanos(ProcessHandle.current());
        BareClient.Result result = bare.run(model, prompts, requests, options.concurrency());
        return new BareRun(requests, result.seconds(), result.meanLatencyMillis(),
                ProcessUsage.cpuNanos(ProcessHandle.current()) - cpu);
    }

    private record PipelineRun(String runId, long tasks, long webhookMillis, long webhookAnswerMillis,
            RunRecords records, long lastStoredMillis, OptionalLong metricMillis, Map<String, Long> cpuNanos,
            double meanWorkerInFlight, double meanCallMillis) {
        double tasksPerSecond() {
            return tasks * 1000.0 / (lastStoredMillis - records.firstTaskMillis);
        }
    }

    /** Announces version 1 of a registered bench model and follows its run to the decision metric. */
    private PipelineRun pipeline(String model) {
        TopicWindow window = TopicWindow.openNow(KafkaBroker.bootstrapServers(),
                Topics.TASKS, Topics.GENERATIONS, Topics.VERDICTS, Topics.RUNS);
        CpuSnapshot cpuBefore = CpuSnapshot.take(stack);
        CallTotals callsBefore = workerCalls(model);
        long webhook = System.currentTimeMillis();
        String runId = stack.announceVersion(model, "1");
        long webhookAnswer = System.currentTimeMillis() - webhook;
        long expected = awaitExpectedTasks(runId);
        long deadline = System.nanoTime() + (120 + expected / 50) * 1_000_000_000L;
        long nextSample = 0;
        DoubleSummaryStatistics inFlight = new DoubleSummaryStatistics();
        while (stack.storedVerdictsHint(runId) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " stored " + stack.storedRows(runId) + " of "
                        + expected + " verdicts in time: " + stack.run(runId));
            }
            if (System.nanoTime() > nextSample) {
                sampleMemory();
                double worker = workerInFlight();
                if (!Double.isNaN(worker)) {
                    inFlight.accept(worker);
                }
                nextSample = System.nanoTime() + 1_000_000_000L;
            }
            sleep(50);
        }
        Map<String, Long> cpu = CpuSnapshot.take(stack).since(cpuBefore);
        double meanCallMillis = workerCalls(model).meanMillisSince(callsBefore);
        OptionalLong metric = awaitDecisionMetric(model);
        JsonNode run = awaitCompleted(runId);
        RunRecords records = RunRecords.read(window, runId);
        if (records.completedMillis == 0) {
            throw new IllegalStateException("no COMPLETED event on " + Topics.RUNS + " for " + runId + ": " + run);
        }
        System.out.printf("[bench] %s: run %s, %d tasks, decision %s%n", model, runId, expected, records.decision);
        return new PipelineRun(runId, expected, webhook, webhookAnswer, records, stack.lastStoredMillis(runId),
                metric, cpu, inFlight.getAverage(), meanCallMillis);
    }

    /** Count and total seconds of the worker's successful calls to a model (safegate_model_call_duration_seconds). */
    private record CallTotals(double count, double seconds) {
        double meanMillisSince(CallTotals before) {
            return (seconds - before.seconds) * 1000 / (count - before.count);
        }
    }

    private CallTotals workerCalls(String model) {
        String metrics = stack.metrics("inference-worker");
        return new CallTotals(sample(metrics, "safegate_model_call_duration_seconds_count", model),
                sample(metrics, "safegate_model_call_duration_seconds_sum", model));
    }

    /** The value of {@code series} for {@code model} in a Prometheus text exposition; 0 when absent. */
    private static double sample(String exposition, String series, String model) {
        return exposition.lines()
                .filter(line -> line.startsWith(series + "{") && line.contains("model=\"" + model + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private long awaitExpectedTasks(String runId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode run = stack.run(runId);
            long expected = run.path("expected_tasks").asLong();
            if (expected > 0) {
                return expected;
            }
            if (System.nanoTime() > deadline || run.path("status").asText().equals("FAILED")) {
                throw new IllegalStateException("run " + runId + " was not published: " + run);
            }
            sleep(20);
        }
    }

    /** When the results service first showed the model's decision gauge; empty if not within a minute. */
    private OptionalLong awaitDecisionMetric(String model) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                boolean shown = stack.metrics("results").lines().anyMatch(line ->
                        line.startsWith("safegate_run_decision{") && line.contains("model=\"" + model + "\"")
                                && line.endsWith(" 1.0"));
                if (shown) {
                    return OptionalLong.of(System.currentTimeMillis());
                }
            } catch (IllegalStateException e) {
                System.out.println("[bench] results /q/metrics failed: " + e.getMessage());
            }
            sleep(10);
        }
        return OptionalLong.empty();
    }

    /** The worker's gauge of model requests in flight; NaN when it cannot be read. */
    private double workerInFlight() {
        try {
            return stack.metrics("inference-worker").lines()
                    .filter(line -> line.startsWith("safegate_worker_requests_in_flight"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElse(Double.NaN);
        } catch (IllegalStateException e) {
            return Double.NaN;
        }
    }

    private JsonNode awaitCompleted(String runId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode run = stack.run(runId);
        while (!run.path("status").asText().equals("COMPLETED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + " not COMPLETED: " + run);
            }
            sleep(100);
            run = stack.run(runId);
        }
        return run;
    }

    /** A large run on the zero-latency model: every count must be exact. */
    private boolean scale() {
        System.out.println("[bench] scale run: " + samples(options.scaleTasks()) * prompts.size() + " tasks");
        PipelineRun pipeline = pipeline(SCALE);
        RunRecords records = pipeline.records();
        long expected = pipeline.tasks();
        long storedRows = stack.storedRows(pipeline.runId());
        long reported = reportedStoredVerdicts(pipeline.runId());
        boolean exact = records.taskIds.size() == expected && records.generations.size() == expected
                && records.verdicts.size() == expected && storedRows == expected && reported == expected;
        table.add("scale run: " + expected + " tasks", exact ? "exact" : "NOT EXACT",
                String.format("expected %d = distinct tasks on safegate.tasks %d (%d records) = distinct generations %d"
                                + " = distinct verdicts %d = stored rows %d (results report: %d)", expected,
                        records.taskIds.size(), records.taskRecords, records.generations.size(), records.verdicts.size(),
                        storedRows, reported));
        table.add("  scale run throughput", String.format("%.0f tasks/s, %.0f s", pipeline.tasksPerSecond(),
                        (pipeline.lastStoredMillis() - records.firstTaskMillis) / 1000.0),
                "first task record to last verdict row stored; " + records.generationErrors + " ERROR generations");
        long cpu = pipeline.cpuNanos().values().stream().mapToLong(Long::longValue).sum();
        table.add("  scale run CPU per task", String.format("%.0f us", cpu / 1000.0 / expected),
                "sum over all processes of utime+stime deltas, webhook to last verdict stored, / tasks");
        addLatencies(pipeline, "scale run");
        return exact;
    }

    /** The results report's stored-verdict count; -1 when the report cannot be had. */
    private long reportedStoredVerdicts(String runId) {
        try {
            return stack.report(runId).path("progress").path("storedVerdicts").asLong();
        } catch (IllegalStateException e) {
            System.out.println("[bench] results report failed: " + e.getMessage());
            return -1;
        }
    }

    /** Resident memory of each service: the highest VmRSS sampled under load, and the kernel's peak (VmHWM). */
    private void memory() {
        sampleMemory();
        stack.services.forEach((name, service) -> {
            long peak = ProcessUsage.peakResidentBytes(service.pid());
            table.add("resident memory: " + name, String.format("%d MB (peak %d MB)",
                            sampledPeakRss.getOrDefault(name, 0L) >> 20, peak >> 20),
                    "highest VmRSS sampled every second under load; peak = VmHWM of /proc/PID/status (target < 512 MB"
                            + " each; JVMs run with -Xmx256m -XX:+UseSerialGC)");
        });
    }

    private void sampleMemory() {
        stack.services.forEach((name, service) ->
                sampledPeakRss.merge(name, ProcessUsage.residentBytes(service.pid()), Math::max));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
