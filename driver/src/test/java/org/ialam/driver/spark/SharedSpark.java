package org.ialam.driver.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local Spark context per test JVM (starting one costs seconds): two cores, two attempts per task (for
 * the fault-injection test), no UI, a temporary checkpoint
 * directory. Stopped by a shutdown hook.
 */
public final class SharedSpark {
    private static JavaSparkContext context;

    private SharedSpark() {
    }

    public static synchronized JavaSparkContext context() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("ialam-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            context = new JavaSparkContext(conf);
            try {
                java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ialam-test-checkpoints");
                context.setCheckpointDir(dir.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
        }
        return context;
    }
}
