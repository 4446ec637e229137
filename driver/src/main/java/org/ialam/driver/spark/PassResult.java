package org.ialam.driver.spark;

import java.io.Serializable;
import org.ialam.ops.BlockState;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.SampleBlock;
import org.ialam.ops.StepTotals;
import org.ialam.ops.SufficientStatistics;

/** What one pass over the samples returns to the driver: the requested statistics and the step's totals. */
public final class PassResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SufficientStatistics statistics;
    private StepTotals totals = StepTotals.ZERO;

    PassResult(NetworkShape shape, SufficientStatistics.Request request) {
        this.statistics = new SufficientStatistics(shape, request);
    }

    PassResult add(SampleBlock block, BlockState state) {
        statistics.add(block, state);
        totals = totals.plus(state.totals());
        return this;
    }

    PassResult merge(PassResult other) {
        statistics.merge(other.statistics);
        totals = totals.plus(other.totals);
        return this;
    }

    public SufficientStatistics statistics() {
        return statistics;
    }

    public StepTotals totals() {
        return totals;
    }
}
