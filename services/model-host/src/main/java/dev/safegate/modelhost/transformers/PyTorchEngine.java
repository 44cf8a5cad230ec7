package dev.safegate.modelhost.transformers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * DJL's PyTorch engine, started offline: the native library comes from the pytorch-native-cpu jar on the class
 * path (extracted once into DJL's cache folder), and {@code ai.djl.offline} forbids DJL any download, its
 * telemetry call included. A GPU pod puts the CUDA native jar on the class path instead.
 */
public final class PyTorchEngine {
    private PyTorchEngine() {
    }

    public static synchronized NDManager newManager(int threads) {
        System.setProperty("ai.djl.offline", "true");
        // Read once, when the engine starts: the first model loaded sets them for the process.
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads",
                String.valueOf(threads)));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        return Engine.getEngine("PyTorch").newBaseManager();
    }
}
