package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.ialam.ops.BlockState;
import org.ialam.ops.StepTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state file is written whole or not at all, and a second attempt at the same partition (a speculative copy of the
 * task) leaves the first one's file as it is.
 */
class StateFilesTest {
    @TempDir
    Path tmp;

    private static BlockState state(double value) {
        double[][] u = {{value, value + 1}, {value + 2}};
        double[][] v = {{value + 3, value + 4}, {value + 5}};
        double[][] xi = {{0, 0}, {value + 6}};
        return new BlockState(u, v, xi, StepTotals.ZERO);
    }

    private static Iterator<BlockState> states(BlockState... states) {
        return List.of(states).iterator();
    }

    /** The directory's entries, checksum files (.name.crc) of the local file system left out. */
    private List<String> entries() throws IOException {
        try (var files = Files.list(tmp)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> !name.endsWith(".crc")).sorted().toList();
        }
    }

    @Test
    void aSecondAttemptLeavesTheFirstAttemptsFileAsItIs() throws IOException {
        org.apache.hadoop.fs.Path part = StateFiles.part(tmp.toString(), 3);
        Configuration conf = new Configuration();
        StateFiles.write(states(state(1), state(10)), part, conf);
        // a losing attempt with other contents, so that a replaced file would show
        StateFiles.write(states(state(100)), part, conf);

        List<BlockState> read = StateFiles.read(part, conf);
        assertEquals(2, read.size(), "the first attempt's blocks");
        assertArrayEquals(state(1).u(1), read.get(0).u(1), 0.0);
        assertArrayEquals(state(10).xi(2), read.get(1).xi(2), 0.0);
        assertEquals(List.of("part-00003"), entries(), "no temporary file left");
    }

    @Test
    void aWriteThatFailsMidwayLeavesNoFile() throws IOException {
        org.apache.hadoop.fs.Path part = StateFiles.part(tmp.toString(), 0);
        // layer 1 is written, then layer 2's missing u fails the write
        BlockState broken = new BlockState(new double[][] {{1, 2}, null}, new double[][] {{3, 4}, {5}},
                new double[][] {{0, 0}, {0}}, StepTotals.ZERO);
        assertThrows(NullPointerException.class, () -> StateFiles.write(states(state(1), broken), part, new Configuration()));
        assertEquals(List.of(), entries(), "neither a partial part-00000 nor a temporary file");
    }
}
