package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DriverCoresTest {
    private static final int ALL = Runtime.getRuntime().availableProcessors();

    @Test
    void localModeGivesTheRunsCores() {
        assertEquals(1, DriverCores.forMaster("local"));
        assertEquals(1, DriverCores.forMaster("local[1]"));
        assertEquals(3, DriverCores.forMaster("local[3]"));
        assertEquals(2, DriverCores.forMaster("local[2, 4]"));
        assertEquals(ALL, DriverCores.forMaster("local[*]"));
        assertEquals(ALL, DriverCores.forMaster("local[*,3]"));
    }

    @Test
    void aClusterDriverUsesItsMachine() {
        assertEquals(ALL, DriverCores.forMaster("spark://host:7077"));
        assertEquals(ALL, DriverCores.forMaster("yarn"));
        assertEquals(ALL, DriverCores.forMaster("local-cluster[2,1,1024]"));
    }
}
