package org.ialam.driver.spark;

import org.apache.spark.SparkConf;

/**
 * How the tasks' partial statistics reach the driver in local mode. A result larger than
 * {@value #MAX_DIRECT_RESULT_SIZE} (Spark's default 1 MiB; MNIST's statistics are 1.8 MB per task) is put into the
 * executor's block manager and fetched from there by the driver, through Spark's network layer even when executor and
 * driver share a JVM: 25–30 ms (median) between a task's end and its result on the driver, against 10–12 ms when the
 * result comes with the task's status message (docs/results.md §4.0.3). So in local mode, unless the configuration
 * sets it, results up to {@value #LOCAL_LIMIT} travel directly. On a cluster Spark's default stays: there a direct
 * result is part of an RPC message, which is unmeasured here.
 */
public final class TaskResultSize {
    public static final String MAX_DIRECT_RESULT_SIZE = "spark.task.maxDirectResultSize";
    static final String LOCAL_LIMIT = "64m";

    private TaskResultSize() {
    }

    /** Sets {@value #MAX_DIRECT_RESULT_SIZE} to {@value #LOCAL_LIMIT} if {@code conf}'s master is local and it is unset. */
    public static SparkConf directInLocalModeIfUnset(SparkConf conf) {
        String master = conf.get("spark.master", "");
        // SparkContext.isLocal's test, on the configuration (no context exists yet); local-cluster[…] is a cluster
        boolean local = master.equals("local") || master.startsWith("local[");
        if (local && !conf.contains(MAX_DIRECT_RESULT_SIZE)) {
            conf.set(MAX_DIRECT_RESULT_SIZE, LOCAL_LIMIT);
        }
        return conf;
    }
}
