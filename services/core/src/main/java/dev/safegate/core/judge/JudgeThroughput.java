package dev.safegate.core.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Judgements per second of each local judge over real responses (the labelled sets'), on one thread and on
 * two (one judge instance per thread, as the judge service runs them concurrently), after one warm-up pass.
 * A benchmark figure for the report: printed, never asserted.
 */
final class JudgeThroughput {
    private JudgeThroughput() {
    }

    static String measure(List<LocalJudge> judges, List<JudgeInput> inputs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Judgements per second over %d responses (after a warm-up pass; %d cores available)%n",
                inputs.size(), Runtime.getRuntime().availableProcessors()));
        out.append(String.format(Locale.ROOT, "%-55s %12s %12s%n", "judge", "1 thread", "2 threads"));
        for (LocalJudge judge : judges) {
            judgeAll(judge, inputs); // warm-up: JIT, lazily compiled patterns
            out.append(String.format(Locale.ROOT, "%-55s %12.0f %12.0f%n", judge.id(), rate(judge, inputs, 1),
                    rate(judge, inputs, 2)));
        }
        return out.toString();
    }

    private static double rate(LocalJudge judge, List<JudgeInput> inputs, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<JudgeInput> part = inputs.subList(inputs.size() * t / threads, inputs.size() * (t + 1) / threads);
                parts.add(pool.submit(() -> judgeAll(judge, part)));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            return inputs.size() / ((System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + judge.id(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("judge " + judge.id() + " failed", e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static void judgeAll(LocalJudge judge, List<JudgeInput> inputs) {
        for (JudgeInput input : inputs) {
            judge.judge(input);
        }
    }
}
