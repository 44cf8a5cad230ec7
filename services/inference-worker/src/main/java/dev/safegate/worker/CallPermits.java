package dev.safegate.worker;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * At most {@code limit} model calls at once; further calls wait their turn in order, without holding a thread.
 *
 * <p>Why separate from the number of tasks in flight: a task also spends time being rendered and having its
 * generation published and acknowledged by Kafka. If the task limit alone bounded model calls, the model would
 * see fewer requests than it can serve (measured with a 200 ms model: 54-58 of 64 in flight, and 62.9 with this
 * limit). So the worker admits more tasks than this limit, and this limit keeps the model's concurrency at the
 * configured value.
 */
final class CallPermits {
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inUse;

    CallPermits(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the model call limit must be >= 1, got " + limit);
        }
        this.limit = limit;
    }

    /** Subscribes to {@code call} once a permit is free; the permit returns when the call ends either way. */
    <T> Uni<T> run(Supplier<Uni<T>> call) {
        return Uni.createFrom().emitter(emitter -> {
            Runnable start = () -> call.get().subscribe().with(
                    item -> {
                        release();
                        emitter.complete(item);
                    },
                    failure -> {
                        release();
                        emitter.fail(failure);
                    });
            boolean now;
            synchronized (this) {
                now = inUse < limit;
                if (now) {
                    inUse++;
                } else {
                    waiting.add(start);
                }
            }
            if (now) {
                start.run();
            }
        });
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
            }
        }
        if (next != null) {
            next.run(); // the permit passes straight to the next waiting call
        }
    }
}
