package dev.safegate.worker;

import dev.safegate.proto.v1.Generation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's Prometheus series. Labels are bounded: model is the served model name, reason a short
 * code. Tasks per second is {@code rate(safegate_generations_total[1m])}.
 */
@Singleton
public class WorkerMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger inFlight;
    private final Map<String, Timer> callDurations = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inFlight = registry.gauge("safegate.worker.requests.in.flight", new AtomicInteger());
    }

    void callStarted() {
        inFlight.incrementAndGet();
    }

    void callEnded() {
        inFlight.decrementAndGet();
    }

    public int requestsInFlight() {
        return inFlight.get();
    }

    void callSucceeded(String model, long nanos) {
        callDurations.computeIfAbsent(model, name -> Timer.builder("safegate.model.call.duration")
                .description("Latency of successful model calls")
                .tag("model", name)
                .publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void tokens(String model, int input, int output) {
        counter("safegate.model.tokens", "model", model, "direction", "in").increment(Math.max(input, 0));
        counter("safegate.model.tokens", "model", model, "direction", "out").increment(Math.max(output, 0));
    }

    void error(String model, String reason) {
        counter("safegate.model.call.errors", "model", model, "reason", reason).increment();
    }

    void generation(String model, Generation.Status status) {
        counter("safegate.generations", "model", model, "status", status.name().toLowerCase(Locale.ROOT)).increment();
    }

    /** A task acked without a model call: its run was decided early (a sequential FAIL) or cancelled. */
    void skip(String model) {
        skippedCounter(model).increment();
    }

    public double skipped(String model) {
        return skippedCounter(model).count();
    }

    private Counter skippedCounter(String model) {
        return counters.computeIfAbsent("safegate.tasks.skipped|" + model, key -> Counter.builder("safegate.tasks.skipped")
                .description("Tasks acked without a model call because their run was decided or cancelled")
                .tag("model", model).register(registry));
    }

    /** An image audit task explained (status ok) or recorded as failed (error). */
    public void imageExplained(String model, Generation.Status status) {
        counter("safegate.image.explanations", "model", model, "status", status.name().toLowerCase(Locale.ROOT))
                .increment();
    }

    public double generations(String model, Generation.Status status) {
        return counter("safegate.generations", "model", model, "status", status.name().toLowerCase(Locale.ROOT))
                .count();
    }

    public double errors(String model, String reason) {
        return counter("safegate.model.call.errors", "model", model, "reason", reason).count();
    }

    private Counter counter(String name, String tag1, String value1, String tag2, String value2) {
        return counters.computeIfAbsent(name + '|' + value1 + '|' + value2,
                key -> Counter.builder(name).tag(tag1, value1).tag(tag2, value2).register(registry));
    }
}
