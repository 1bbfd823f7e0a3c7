package dev.tributary.model;

import ai.djl.engine.Engine;

/** Access to the PyTorch engine, with one clear error when its native library cannot load. */
public final class Engines {

    private Engines() {
    }

    /**
     * The PyTorch engine, loaded from the natives on the class path.
     *
     * @throws IllegalStateException with one line naming the cause and what to check
     */
    public static Engine pytorch() {
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the PyTorch engine cannot load (" + cause.getMessage()
                    + "); check that pytorch-native-cpu for linux-x86_64 is on the class path and "
                    + "that DJL_CACHE_DIR (default ~/.djl.ai) is writable", e);
        }
    }
}
