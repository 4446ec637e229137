package org.ialam.driver.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many threads the driver's own numerical work (the (W,b) solve) may use. In local mode the driver shares its
 * JVM with the executor, and {@code local[k]} is the run's budget of cores: k threads (one for {@code local},
 * every core for {@code local[*]}), so that {@code local[1]} is a one-core run. Elsewhere the driver has its machine
 * (or container) to itself while the executors wait for its result: every core the JVM sees.
 */
public final class DriverCores {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:\\s*,\\s*\\d+)?])?");

    private DriverCores() {
    }

    public static int forMaster(String master) {
        int available = Runtime.getRuntime().availableProcessors();
        Matcher m = LOCAL.matcher(master.trim());
        if (!m.matches()) {
            return available;
        }
        String cores = m.group(1);
        if (cores == null) {
            return 1;
        }
        return cores.equals("*") ? available : Math.max(1, Integer.parseInt(cores));
    }
}
