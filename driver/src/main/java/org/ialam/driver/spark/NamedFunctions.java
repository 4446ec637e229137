package org.ialam.driver.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The two Spark calls every pass makes, {@code zipPartitions} and the job that gathers one result per partition,
 * with named function classes where the Java API would pass Scala lambdas.
 *
 * <p>Why: {@code SparkContext.clean} runs the closure cleaner on every function an RDD operation or a job receives.
 * For a Scala lambda it reads the class file of the class that declared it and parses it with ASM (looking for
 * {@code return} statements and REPL outer objects), and then Java-serialises the function to check that it can be.
 * The Java API's {@code zipPartitions} and {@code collectPartitions} each wrap our function in such a lambda, and
 * {@code runJob} adds one declared in {@code SparkContext}, whose class file is large. A wall-clock profile of
 * 2048-sample passes (docs/results.md §4.0) put 7.5 ms per pass on the driver's critical path there; without the
 * profiler, these classes made a pass about 4 ms cheaper, of the 26–31 ms it costs beyond its kernels. The cleaner
 * passes over a function that is neither a lambda nor an anonymous Scala class. Ours are static, capture only
 * broadcasts and small values, and are {@link Serializable}: there is nothing to clean, and Spark still serialises
 * them with the task, where a failure would show at once.
 *
 * <p>The results are those of the Java API: the same RDDs (a {@code ZippedPartitionsRDD2} without preserved
 * partitioning), the same task results (each partition's elements as an {@code Object[]}), put in partition order.
 */
final class NamedFunctions {
    private static final ClassTag<Object> ANY = ClassTag$.MODULE$.AnyRef();

    private NamedFunctions() {
    }

    /** {@code left.zipPartitions(right, f)} of the Java API. */
    @SuppressWarnings("unchecked")
    static <A, B, C> JavaRDD<C> zipPartitions(JavaRDD<A> left, JavaRDD<B> right,
            FlatMapFunction2<java.util.Iterator<A>, java.util.Iterator<B>, C> f) {
        RDD<C> zipped = left.rdd().zipPartitions(right.rdd(), false, new Zip<>(f), right.classTag(),
                (ClassTag<C>) (ClassTag<?>) ANY);
        return new JavaRDD<>(zipped, (ClassTag<C>) (ClassTag<?>) ANY);
    }

    /** {@code rdd.collectPartitions(0, 1, …, P − 1)} of the Java API: one job, slot i holding partition i. */
    @SuppressWarnings("unchecked")
    static <T> List<T>[] collectAllPartitions(JavaRDD<T> rdd) {
        int partitions = rdd.getNumPartitions();
        List<Object> indexes = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            indexes.add(i);
        }
        Object[][] slots = new Object[partitions][];
        rdd.context().runJob(rdd.rdd(), new Gather<T>(),
                CollectionConverters.asScala(indexes).toSeq(), new Store(slots),
                (ClassTag<Object[]>) (ClassTag<?>) ClassTag$.MODULE$.apply(Object[].class));
        List<T>[] parts = new List[partitions];
        for (int i = 0; i < partitions; i++) {
            List<T> part = new ArrayList<>(slots[i].length);
            for (Object element : slots[i]) {
                part.add((T) element);
            }
            parts[i] = part;
        }
        return parts;
    }

    /** The Java API's wrapper of a {@code FlatMapFunction2}, as a class. */
    private static final class Zip<A, B, C> extends AbstractFunction2<scala.collection.Iterator<A>,
            scala.collection.Iterator<B>, scala.collection.Iterator<C>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final FlatMapFunction2<java.util.Iterator<A>, java.util.Iterator<B>, C> f;

        Zip(FlatMapFunction2<java.util.Iterator<A>, java.util.Iterator<B>, C> f) {
            this.f = f;
        }

        @Override
        public scala.collection.Iterator<C> apply(scala.collection.Iterator<A> a, scala.collection.Iterator<B> b) {
            try {
                java.util.Iterator<C> out = f.call(CollectionConverters.asJava(a), CollectionConverters.asJava(b));
                return CollectionConverters.asScala(out);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // none of ours throws a checked exception; the Java API would rethrow one unchanged
                throw new IllegalStateException(e);
            }
        }
    }

    /** A partition's elements as an array, as {@code collectPartitions} returns them. */
    private static final class Gather<T> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object[]>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object[] apply(TaskContext context, scala.collection.Iterator<T> it) {
            List<Object> all = new ArrayList<>();
            while (it.hasNext()) {
                all.add(it.next());
            }
            return all.toArray();
        }
    }

    /** Puts each task's result into its partition's slot (runs on the driver, as Spark's own handler does). */
    private static final class Store extends AbstractFunction2<Object, Object[], BoxedUnit> {
        private final Object[][] slots;

        Store(Object[][] slots) {
            this.slots = slots;
        }

        @Override
        public BoxedUnit apply(Object index, Object[] result) {
            slots[(Integer) index] = result;
            return BoxedUnit.UNIT;
        }
    }
}
