package org.ialam.driver.train;

import java.util.List;
import org.ialam.ops.NetworkWeights;

/**
 * What a training run returns: the final weights, the per-outer-iteration history, why it stopped, and the time
 * spent.
 */
public record TrainingResult(NetworkWeights weights, List<OuterIteration> history, StopReason stopReason,
        int innerIterations, double seconds, double secondsPerInnerIteration) {

    public OuterIteration last() {
        return history.get(history.size() - 1);
    }
}
