package org.ialam.driver.train;

/** Why an inner alternating minimisation stopped (ialam.md §4.3). */
public enum InnerStop {
    /** J_max inner iterations were made. */
    MAX_INNER,
    /** The relative changes of (W,b) and (v,u) both fell below the inner tolerance. */
    CONVERGED
}
