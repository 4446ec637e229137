/** The benchmark behind {@code scripts/bench.sh}: figures, not tests. */
package org.ialam.driver.bench;
