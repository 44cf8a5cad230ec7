package dev.safegate.modelhost.synthetic;

import dev.safegate.modelhost.llm.LlmBackend.FinishReason;
import dev.safegate.modelhost.llm.LlmBackend.Generation;
import dev.safegate.modelhost.llm.LlmBackend.TokenSink;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a synthetic answer's tokens on the schedule of a {@link LatencyModel}: at most {@code capacity} requests
 * run at once, the others wait in FIFO order; a running request sends token i at admission + ttft + i * tpot.
 * Waiting is done by a timer (one scheduled task per token), never by sleeping on a thread. At zero latency the
 * tokens are sent at once on the caller's thread.
 */
final class TokenEmitter {
    private final LatencyModel latency;
    private final ScheduledExecutorService timer;
    private final Queue<Job> waiting = new ArrayDeque<>();
    private int running;

    TokenEmitter(LatencyModel latency, ScheduledExecutorService timer) {
        this.latency = latency;
        this.timer = timer;
    }

    Generation emit(List<String> tokens, FinishReason reason, int inputTokens, TokenSink sink) {
        if (latency.isZero()) {
            sink.started(inputTokens);
            tokens.forEach(sink::token);
            sink.finished(reason);
            return Generation.DONE;
        }
        Job job = new Job(tokens, reason, inputTokens, sink);
        boolean admitted;
        synchronized (this) {
            admitted = running < latency.capacity();
            if (admitted) {
                running++;
            } else {
                waiting.add(job);
            }
        }
        if (admitted) {
            job.start();
        }
        return job;
    }

    /** Frees a slot: returns the waiting job that takes it over (the caller starts it), or null. */
    private Job release() {
        synchronized (this) {
            Job next = waiting.poll();
            if (next == null) {
                running--;
            }
            return next;
        }
    }

    private final class Job implements Generation {
        private final List<String> tokens;
        private final FinishReason reason;
        private final int inputTokens;
        private final TokenSink sink;
        private volatile boolean cancelled;
        private long admittedAt;

        Job(List<String> tokens, FinishReason reason, int inputTokens, TokenSink sink) {
            this.tokens = tokens;
            this.reason = reason;
            this.inputTokens = inputTokens;
            this.sink = sink;
        }

        void start() {
            admittedAt = System.nanoTime();
            sink.started(inputTokens);
            schedule(0);
        }

        private void schedule(int index) {
            long delay = admittedAt + latency.tokenDelayNanos(index) - System.nanoTime();
            timer.schedule(() -> send(index), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }

        /** Sends token {@code index}, and every later token that is already due (all of them when tpot is 0). */
        private void send(int index) {
            int next = index;
            while (!cancelled && next < tokens.size()
                    && (next == index || latency.tokenDelayNanos(next) <= System.nanoTime() - admittedAt)) {
                sink.token(tokens.get(next++));
            }
            if (cancelled) {
                startIfAny(release());
            } else if (next < tokens.size()) {
                schedule(next);
            } else {
                // The slot is free once the last token is out, before the final response is written: a client
                // that sends its next request the moment it reads this response must find the slot free.
                Job successor = release();
                sink.finished(reason);
                startIfAny(successor);
            }
        }

        private static void startIfAny(Job job) {
            if (job != null) {
                job.start();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
