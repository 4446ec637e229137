package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.junit.jupiter.api.Test;

/**
 * The named-function forms of {@code zipPartitions} and {@code collectPartitions} give what the Java API gives, on
 * several partitions of unequal sizes, including an empty one, and a failing function fails the job with its message.
 */
class NamedFunctionsTest {
    /** Per partition: its index, its sizes and the pairwise sums, so that a mixed-up partition would show. */
    private static FlatMapFunction2<java.util.Iterator<Integer>, java.util.Iterator<Integer>, String> describe() {
        return (left, right) -> {
            List<String> out = new ArrayList<>();
            out.add("partition " + org.apache.spark.TaskContext.getPartitionId());
            while (left.hasNext() && right.hasNext()) {
                out.add(left.next() + "+" + right.next());
            }
            out.add(left.hasNext() + "/" + right.hasNext());
            return out.iterator();
        };
    }

    @Test
    void zipsAndGathersAsTheJavaApiDoes() {
        JavaSparkContext sc = SharedSpark.context();
        // 4 partitions: of 25 numbers each, or, with 3 numbers, one of them empty
        for (int n : new int[] {100, 3}) {
            JavaRDD<Integer> left = sc.parallelize(IntStream.range(0, n).boxed().toList(), 4);
            JavaRDD<Integer> right = sc.parallelize(IntStream.range(1000, 1000 + n).boxed().toList(), 4);
            JavaRDD<String> ours = NamedFunctions.zipPartitions(left, right, describe());
            JavaRDD<String> theirs = left.zipPartitions(right, describe());
            assertEquals(theirs.getNumPartitions(), ours.getNumPartitions());
            assertEquals(theirs.rdd().partitioner(), ours.rdd().partitioner());
            int[] all = {0, 1, 2, 3};
            List<String>[] expected = theirs.collectPartitions(all);
            List<String>[] actual = NamedFunctions.collectAllPartitions(ours);
            assertEquals(4, actual.length);
            for (int p = 0; p < 4; p++) {
                assertEquals(expected[p], actual[p], "partition " + p + " of " + n + " numbers");
                assertEquals("partition " + p, actual[p].get(0));
            }
            assertEquals(theirs.collect(), ours.collect());
        }
    }

    @Test
    void gathersAnEmptyPartitionAsAnEmptyList() {
        JavaSparkContext sc = SharedSpark.context();
        JavaRDD<Integer> rdd = sc.parallelize(Arrays.asList(7, 8), 3);
        List<Integer>[] parts = NamedFunctions.collectAllPartitions(rdd);
        assertArrayEquals(rdd.collectPartitions(new int[] {0, 1, 2}), parts);
        assertTrue(Arrays.stream(parts).anyMatch(List::isEmpty), Arrays.toString(parts));
        assertEquals(List.of(7, 8), Arrays.stream(parts).flatMap(List::stream).toList());
    }

    @Test
    void aFailingFunctionFailsTheJobWithItsMessage() {
        JavaSparkContext sc = SharedSpark.context();
        JavaRDD<Integer> left = sc.parallelize(Arrays.asList(1, 2, 3, 4), 2);
        JavaRDD<String> failing = NamedFunctions.zipPartitions(left, left, (a, b) -> {
            if (org.apache.spark.TaskContext.getPartitionId() == 1) {
                throw new IllegalArgumentException("block 17 has 3 columns, expected 4");
            }
            return Collections.<String>emptyIterator();
        });
        SparkException e = assertThrows(SparkException.class, () -> NamedFunctions.collectAllPartitions(failing));
        assertTrue(e.getMessage().contains("block 17 has 3 columns, expected 4"), e.getMessage());
    }
}
