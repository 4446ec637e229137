package org.ialam.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ialam.driver.spark.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's Java fallback, working and reported: in a training JVM where netlib finds no native BLAS or LAPACK (their
 * library names point at no file, as on a machine without OpenBLAS), the run uses netlib's Java implementations,
 * names them in its header and summary, and trains the model this JVM's libraries (native where the machine has them)
 * train, to rounding.
 */
class JavaBlasFallbackTest {
    /** netlib's own properties for the native libraries' names (default libblas.so.3 and liblapack.so.3). */
    private static final List<String> NO_NATIVE_LIBRARIES = List.of(
            "-Ddev.ludovic.netlib.blas.nativeLib=ialam-test-no-such-blas.so",
            "-Ddev.ludovic.netlib.lapack.nativeLib=ialam-test-no-such-lapack.so");
    private static final String[] PROBLEM = {"train", "--synthetic", "--synthetic-teacher", "30,20,5",
        "--synthetic-samples", "2000", "--max-inner", "5", "--max-outer", "4", "--partitions", "2"};

    @TempDir
    Path tmp;

    @Test
    void javaImplementationsTrainTheSameModelAndAreNamed() throws Exception {
        Path log = tmp.resolve("child.log");
        List<String> args = TrainingProcess.childArguments(tmp, PROBLEM, "--out", tmp.resolve("java").toString());
        Process child = TrainingProcess.start(log, NO_NATIVE_LIBRARIES, args);
        try {
            assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the Java-BLAS run took over 180 s:\n" + Files.readString(log));
        } finally {
            child.destroyForcibly();
        }
        String childLog = Files.readString(log);
        assertEquals(0, child.exitValue(), childLog);

        String header = childLog.lines().filter(l -> l.startsWith("spark ")).findFirst().orElseThrow(
                () -> new AssertionError("no 'spark' header line:\n" + childLog));
        assertTrue(header.contains("BLAS dev.ludovic.netlib.blas."), header);
        assertFalse(header.contains("JNIBLAS") || header.contains("OPENBLAS_CORETYPE"), header);
        assertTrue(header.contains("LAPACK dev.ludovic.netlib.lapack."), header);
        assertFalse(header.contains("JNILAPACK"), header);
        JsonNode spark = new ObjectMapper().readTree(tmp.resolve("java/summary.json").toFile()).get("spark");
        assertTrue(spark.get("blas").asText().startsWith("dev.ludovic.netlib.blas."), spark.toString());
        assertFalse(spark.get("blas").asText().contains("JNI"), spark.toString());
        assertEquals("none", spark.get("blas_kernels").asText(), spark.toString());
        assertFalse(spark.get("lapack").asText().contains("JNI"), spark.toString());

        SharedSpark.context();
        TrainCommandTest.Run here = TrainCommandTest.run(
                TrainingProcess.concat(PROBLEM, "--out", tmp.resolve("here").toString()));
        assertEquals(0, here.exit(), here.err());
        double relative = TrainingProcess.relativeModelDistance(tmp.resolve("java/model"), tmp.resolve("here/model"));
        System.out.printf("Java BLAS against this JVM's (%s): model differs by %.3e relative%n",
                org.ialam.ops.Blas.implementation(), relative);
        assertTrue(relative <= 1e-9, "the Java-BLAS model differs by " + relative);
    }
}
