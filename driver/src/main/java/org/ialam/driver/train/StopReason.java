package org.ialam.driver.train;

/** Why the outer loop stopped (ialam.md §3 step 4). */
public enum StopReason {
    /** ρ^k exceeded the limit factor times ρ⁰: the paper's rule. */
    RHO_LIMIT,
    /** The maximum number of outer iterations was reached. */
    MAX_OUTER
}
