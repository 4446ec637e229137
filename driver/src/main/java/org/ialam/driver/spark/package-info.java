/**
 * All Spark plumbing of the trainer: the sample blocks and their per-sample state as RDDs, broadcasts, the merge of
 * the partial statistics in partition order, persistence and checkpointing. The mathematics lives in {@code org.ialam.ops} (per block) and
 * {@code org.ialam.driver.train} (the outer loop); this package only moves it to where the data is.
 */
package org.ialam.driver.spark;
