package dev.safegate.modelhost.organisms;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a {@link TrainableLlama} on token sequences with Adam: mini-batches drawn from a seeded shuffle, padded
 * on the right (the causal mask keeps padding out of every real position), cross-entropy on the tokens each
 * sequence marks, gradients clipped to a global norm of 1, linear warm-up then cosine decay of the learning rate.
 */
final class Training {
    private Training() {
    }

    /**
     * One training sequence.
     *
     * @param lossFrom the first token position whose prediction is trained (1 = every token; the start of the answer
     *     for supervised fine-tuning, so the prompt is context only)
     */
    record Sequence(long[] tokens, int lossFrom) {
        Sequence {
            if (tokens.length < 2 || lossFrom < 1 || lossFrom >= tokens.length) {
                throw new IllegalArgumentException("a training sequence needs at least one trained token: "
                        + tokens.length + " tokens, training from " + lossFrom);
            }
        }
    }

    /** @param learningRate Adam's peak learning rate */
    record Schedule(int steps, int batchSize, float learningRate, int warmupSteps) {
        Schedule {
            if (steps < 1 || batchSize < 1 || !(learningRate > 0) || warmupSteps < 0) {
                throw new IllegalArgumentException("schedule: steps, batch size and learning rate must be positive,"
                        + " got " + steps + ", " + batchSize + ", " + learningRate);
            }
        }

        float rate(int step) {
            float warm = warmupSteps == 0 ? 1 : Math.min(1f, step / (float) warmupSteps);
            double progress = Math.min(1, step / (double) steps);
            return (float) (learningRate * warm * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
        }
    }

    private static final double MAX_GRADIENT_NORM = 1;

    /** @param tenths the mean loss (nats per trained token) of each tenth of the steps */
    record Log(int steps, double[] tenths, double seconds) {
        double firstLoss() {
            return tenths[0];
        }

        double lastLoss() {
            return tenths[tenths.length - 1];
        }
    }

    static Log run(TrainableLlama model, List<Sequence> data, Schedule schedule, long seed) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no training sequences");
        }
        for (Sequence sequence : data) {
            for (long token : sequence.tokens()) {
                if (!model.isActive(token)) {
                    throw new IllegalArgumentException("token " + token + " of a training sequence is outside the"
                            + " model's active vocabulary");
                }
            }
        }
        long start = System.nanoTime();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(new Tracker() {
            @Override
            public float getNewValue(int numUpdate) {
                return schedule.rate(numUpdate);
            }
        }).build();
        Random random = new Random(seed);
        List<Sequence> order = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        NDManager manager = model.parameters().values().iterator().next().getManager();
        for (int step = 0; step < schedule.steps(); step++) {
            List<Sequence> batch = new ArrayList<>();
            while (batch.size() < schedule.batchSize()) {
                if (order.isEmpty()) {
                    order.addAll(data);
                    java.util.Collections.shuffle(order, random);
                }
                batch.add(order.removeLast());
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Padded padded = pad(model, batch);
                NDArray inputs = manager.create(padded.inputs, new Shape(batch.size(), padded.length));
                NDArray targets = manager.create(padded.targets, new Shape(batch.size(), padded.length));
                NDArray mask = manager.create(padded.mask, new Shape(batch.size(), padded.length));
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    // Divided by an array: a number would be freed before the backward pass reads it.
                    NDArray loss = model.targetLogProbabilities(inputs, targets).mul(mask).sum().neg()
                            .div(mask.sum());
                    collector.backward(loss);
                    losses.add((double) loss.getFloat());
                }
            }
            update(model, adam, step);
        }
        double[] tenths = new double[Math.min(10, losses.size())];
        for (int i = 0; i < tenths.length; i++) {
            tenths[i] = average(losses.subList(i * losses.size() / tenths.length,
                    (i + 1) * losses.size() / tenths.length));
        }
        return new Log(schedule.steps(), tenths, (System.nanoTime() - start) / 1e9);
    }

    /** One Adam step on every parameter, the gradients first scaled to a global norm of at most 1, then zeroed. */
    private static void update(TrainableLlama model, Optimizer adam, int step) {
        List<NDArray> gradients = new ArrayList<>();
        try {
            double squares = 0;
            for (NDArray parameter : model.parameters().values()) {
                gradients.add(parameter.getGradient());
            }
            try (NDScope scope = new NDScope()) { // the squares; Adam's state must outlive it, so it updates below
                scope.suppressNotUsedWarning();
                for (NDArray gradient : gradients) {
                    squares += gradient.square().sum().getFloat();
                }
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                throw new IllegalStateException("the gradient of training step " + step + " is not finite");
            }
            int i = 0;
            for (Map.Entry<String, NDArray> parameter : model.parameters().entrySet()) {
                NDArray gradient = gradients.get(i++);
                if (norm > MAX_GRADIENT_NORM) {
                    gradient.muli((float) (MAX_GRADIENT_NORM / norm));
                }
                adam.update(parameter.getKey(), parameter.getValue(), gradient);
                gradient.subi(gradient);
            }
        } finally {
            gradients.forEach(NDArray::close);
        }
    }

    private record Padded(long[] inputs, long[] targets, float[] mask, int length, float trained) {
    }

    /** Inputs are tokens 0..n-2 and targets 1..n-1, right-padded; the mask marks the trained targets. */
    private static Padded pad(TrainableLlama model, List<Sequence> batch) {
        int length = batch.stream().mapToInt(s -> s.tokens().length - 1).max().orElseThrow();
        long[] inputs = new long[batch.size() * length];
        long[] targets = new long[inputs.length];
        float[] mask = new float[inputs.length];
        float trained = 0;
        for (int b = 0; b < batch.size(); b++) {
            Sequence sequence = batch.get(b);
            long[] active = model.activeIndices(sequence.tokens());
            for (int t = 0; t < length; t++) {
                int at = b * length + t;
                boolean real = t + 1 < active.length;
                inputs[at] = real ? active[t] : active[active.length - 1];
                targets[at] = real ? active[t + 1] : 0;
                mask[at] = real && t + 1 >= sequence.lossFrom() ? 1 : 0;
                trained += mask[at];
            }
        }
        return new Padded(inputs, targets, mask, length, trained);
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
