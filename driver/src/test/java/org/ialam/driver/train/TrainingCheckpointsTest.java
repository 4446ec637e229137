package org.ialam.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.ialam.ops.NetworkShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer checkpoint replaces the older ones, except one whose per-sample files the state still depends on (a state
 * resumed from it without a lineage cut would rebuild a lost block from them).
 */
class TrainingCheckpointsTest {
    private static final NetworkShape SHAPE = new NetworkShape(4, 3, 2);
    private static final IalamConfig CONFIG = IalamConfig.builder().build();

    @TempDir
    Path tmp;

    /** Samples that write an empty state directory and depend on the files of {@code dependsOn}'s directory, if set. */
    private static SamplePasses samples(AtomicReference<String> dependsOn) {
        return (SamplePasses) java.lang.reflect.Proxy.newProxyInstance(SamplePasses.class.getClassLoader(),
                new Class<?>[] {SamplePasses.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "saveState" -> {
                        Files.createDirectories(Path.of((String) args[0]));
                        yield null;
                    }
                    case "dependsOnFiles" -> args[0].equals(dependsOn.get());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static TrainingState after(int outer) {
        PenaltySchedule penalty = new PenaltySchedule(1, CONFIG.eta1, CONFIG.eta2, CONFIG.eta3, CONFIG.gamma,
                CONFIG.rhoLimitFactor);
        return new TrainingState(outer, WeightInit.draw(SHAPE, CONFIG, 10), penalty, List.of(), 0, 0, 0);
    }

    private List<String> checkpoints() throws IOException {
        try (var entries = Files.list(tmp)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).sorted().toList();
        }
    }

    @Test
    void aCheckpointTheStateDependsOnIsKeptUntilItNoLongerDoes() throws IOException {
        TrainingCheckpoints checkpoints = new TrainingCheckpoints(tmp.toString(), 1, new Configuration(), CONFIG, Map.of());
        AtomicReference<String> dependsOn = new AtomicReference<>();
        SamplePasses samples = samples(dependsOn);
        checkpoints.save(after(1), samples);
        // resumed from ckpt-000001 (its state directory named as TrainingCheckpoints.latest names it), not cut since
        dependsOn.set(TrainingCheckpoints.latest(tmp.toString(), new Configuration()).stateDir());
        checkpoints.save(after(2), samples);
        assertEquals(List.of("ckpt-000001", "ckpt-000002"), checkpoints());
        dependsOn.set(null);
        checkpoints.save(after(3), samples);
        assertEquals(List.of("ckpt-000003"), checkpoints());
    }
}
