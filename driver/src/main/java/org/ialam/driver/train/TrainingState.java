package org.ialam.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.ialam.ops.NetworkWeights;

/**
 * The driver's side of a training run at an outer-iteration boundary: everything besides the per-sample u, v, ξ
 * that a resumed run needs to continue exactly as if it had not stopped — the weights, the ρ schedule with its
 * residual history (ialam.md §3), the metrics so far and the time spent.
 */
public final class TrainingState implements Serializable {
    private static final long serialVersionUID = 1L;

    final int completedOuter;
    final NetworkWeights weights;
    final PenaltySchedule penalty;
    final ArrayList<OuterIteration> history;
    final int innerIterations;
    final double innerSeconds;
    final double seconds;

    TrainingState(int completedOuter, NetworkWeights weights, PenaltySchedule penalty, List<OuterIteration> history,
            int innerIterations, double innerSeconds, double seconds) {
        this.completedOuter = completedOuter;
        this.weights = weights;
        this.penalty = penalty;
        this.history = new ArrayList<>(history);
        this.innerIterations = innerIterations;
        this.innerSeconds = innerSeconds;
        this.seconds = seconds;
    }

    public int completedOuter() {
        return completedOuter;
    }

    public NetworkWeights weights() {
        return weights;
    }

    public double rho() {
        return penalty.rho();
    }

    public List<OuterIteration> history() {
        return List.copyOf(history);
    }
}
