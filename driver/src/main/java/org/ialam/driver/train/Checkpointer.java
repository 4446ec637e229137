package org.ialam.driver.train;

/** Receives the training state after an outer iteration, to save it (see {@code TrainingCheckpoints}). */
public interface Checkpointer {
    void save(TrainingState state, SamplePasses samples);
}
