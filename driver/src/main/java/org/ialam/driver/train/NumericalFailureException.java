package org.ialam.driver.train;

/**
 * An iterate became NaN or infinite. Names where (outer iteration k, inner iteration j or the multiplier update)
 * and what, so that a user can rerun from the last checkpoint with other parameters.
 */
public final class NumericalFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NumericalFailureException(String message) {
        super(message);
    }
}
