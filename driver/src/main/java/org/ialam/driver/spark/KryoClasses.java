package org.ialam.driver.spark;

import org.apache.spark.SparkConf;

/**
 * Kryo for what the trainer ships (weight broadcasts, task results with the statistics, cached and checkpointed
 * blocks and states), with the project's classes registered so that Kryo writes a small id instead of each class
 * name. Set only where the configuration does not name a serializer already: {@code --conf spark.serializer=…} and
 * spark-defaults.conf still decide.
 */
public final class KryoClasses {
    private KryoClasses() {
    }

    /** The classes that travel between driver and executors or into Spark's block store. */
    static final Class<?>[] SHIPPED = {
        org.ialam.ops.NetworkShape.class,
        org.ialam.ops.NetworkWeights.class,
        org.ialam.ops.VuStepCoefficients.class,
        org.ialam.ops.SampleBlock.class,
        org.ialam.ops.DenseInputs.class,
        org.ialam.ops.SparseInputs.class,
        org.ialam.ops.BlockState.class,
        org.ialam.ops.StepTotals.class,
        org.ialam.ops.SufficientStatistics.class,
        org.ialam.ops.SufficientStatistics.Request.class,
        PassResult.class,
        DistributedSamples.StepInputs.class,
        org.ialam.driver.data.LabeledData.class,
        double[].class,
        double[][].class,
        int[].class,
        boolean[].class,
    };

    /** Kryo with the project's classes registered, unless {@code conf} already chose a serializer. */
    public static SparkConf useKryoIfUnset(SparkConf conf) {
        if (!conf.contains("spark.serializer")) {
            conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
            conf.registerKryoClasses(SHIPPED);
        }
        return conf;
    }
}
