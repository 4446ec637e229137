package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class TaskResultSizeTest {

    @Test
    void localMastersGetDirectResultsUnlessConfigured() {
        for (String master : new String[] {"local", "local[2]", "local[*]", "local[2,3]"}) {
            SparkConf conf = TaskResultSize.directInLocalModeIfUnset(new SparkConf(false).setMaster(master));
            assertEquals("64m", conf.get(TaskResultSize.MAX_DIRECT_RESULT_SIZE), master);
        }
        SparkConf preset = new SparkConf(false).setMaster("local[2]").set(TaskResultSize.MAX_DIRECT_RESULT_SIZE, "2m");
        assertEquals("2m", TaskResultSize.directInLocalModeIfUnset(preset).get(TaskResultSize.MAX_DIRECT_RESULT_SIZE));
    }

    @Test
    void clustersKeepSparksDefault() {
        for (String master : new String[] {"spark://host:7077", "yarn", "local-cluster[2,1,1024]", "k8s://https://h"}) {
            SparkConf conf = TaskResultSize.directInLocalModeIfUnset(new SparkConf(false).setMaster(master));
            assertFalse(conf.contains(TaskResultSize.MAX_DIRECT_RESULT_SIZE), master);
        }
    }
}
