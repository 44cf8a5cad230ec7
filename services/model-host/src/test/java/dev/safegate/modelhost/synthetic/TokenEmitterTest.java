package dev.safegate.modelhost.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.modelhost.TritonError;
import dev.safegate.modelhost.llm.LlmBackend.FinishReason;
import dev.safegate.modelhost.llm.LlmBackend.TokenSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenEmitterTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aRequestSentTheMomentTheLastOneFinishedFindsItsSlotFree() throws Exception {
        TokenEmitter emitter = new TokenEmitter(new LatencyModel(1, 0, 1), timer);
        CompletableFuture<Boolean> admittedAtOnce = new CompletableFuture<>();
        emitter.emit(List.of("a"), FinishReason.STOP, 1, new Sink() {
            @Override
            public void finished(FinishReason reason) {
                // A client that sends its next request as soon as it reads the final response: the request
                // arrives while this one's response is being written. Capacity 1, so it runs only if the slot is free.
                AtomicBoolean started = new AtomicBoolean();
                emitter.emit(List.of("b"), FinishReason.STOP, 1, new Sink() {
                    @Override
                    public void started(int inputTokens) {
                        started.set(true);
                    }
                });
                admittedAtOnce.complete(started.get());
            }
        });
        assertTrue(admittedAtOnce.get(5, TimeUnit.SECONDS),
                "the next request waited in the queue although the only running request had finished");
    }

    @Test
    void aWaitingRequestStartsAfterTheRunningOneHasFinished() throws Exception {
        TokenEmitter emitter = new TokenEmitter(new LatencyModel(1, 0, 1), timer);
        StringBuffer events = new StringBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        emitter.emit(List.of("a"), FinishReason.STOP, 1, new Sink() {
            @Override
            public void started(int inputTokens) {
                events.append("first started;");
            }

            @Override
            public void finished(FinishReason reason) {
                events.append("first finished;");
            }
        });
        emitter.emit(List.of("b"), FinishReason.STOP, 1, new Sink() {
            @Override
            public void started(int inputTokens) {
                events.append("second started;");
            }

            @Override
            public void finished(FinishReason reason) {
                done.complete(null);
            }
        });
        done.get(5, TimeUnit.SECONDS);
        assertEquals("first started;first finished;second started;", events.toString());
    }

    /** A sink that ignores what a test does not look at. */
    private static class Sink implements TokenSink {
        @Override
        public void started(int inputTokens) {
        }

        @Override
        public void token(String text) {
        }

        @Override
        public void finished(FinishReason reason) {
        }

        @Override
        public void failed(TritonError error) {
        }
    }
}
