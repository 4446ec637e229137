package org.ialam.ops;

import java.util.function.Supplier;

/** The choice between a kernel on the JDK's incubating Vector API and its plain-Java fallback, made once per JVM. */
final class VectorModule {
    private VectorModule() {
    }

    /**
     * {@code vector.get()} if this JVM resolved {@code jdk.incubator.vector} (the launchers and the tests pass
     * {@code --add-modules}; Spark 4.1 passes it to its own JVMs) and the implementation links, else {@code fallback}.
     * Classes of an unresolved module cannot be linked, so the module is looked up before the supplier, which must
     * name the vector class only in its body, is called.
     */
    static <T> T orFallback(Supplier<? extends T> vector, T fallback) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return vector.get();
            } catch (LinkageError | RuntimeException unavailable) {
                return fallback;
            }
        }
        return fallback;
    }
}
