package org.ialam.driver.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ialam.driver.RepositoryRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/openblas-core.sh}: the OpenBLAS kernels the launchers ask for, from a CPU's {@code /proc/cpuinfo}
 * (docs/operations.md, "Bit reproducibility and the BLAS"). The lines below are cut from real {@code /proc/cpuinfo}
 * files: the flags are the ones that decide, around the rest of the list.
 */
class OpenBlasCoreTest {
    private static final String SCRIPT = "scripts/openblas-core.sh";
    private static final String INTEL = "GenuineIntel";
    private static final String AMD = "AuthenticAMD";
    /** Session 12's Intel Xeon (family 6, model 207), which OpenBLAS 0.3.21 does not know. */
    private static final String XEON_MODEL_207_FLAGS = "fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2"
            + " avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl"
            + " avx512vbmi avx512_vbmi2 avx512_bf16 avx512_fp16";
    private static final String HASWELL_FLAGS = "fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi1 bmi2";

    @TempDir
    Path dir;

    @Test
    void anIntelCpuWithAvx512GetsTheSkylakeXKernels() throws Exception {
        assertEquals("SkylakeX", core(cpuinfo(INTEL, XEON_MODEL_207_FLAGS)));
    }

    @Test
    void anIntelCpuWithAvx2AndFmaGetsTheHaswellKernels() throws Exception {
        assertEquals("Haswell", core(cpuinfo(INTEL, HASWELL_FLAGS)));
    }

    /** Knights Landing has AVX-512F but not the BW, DQ and VL parts that the SkylakeX kernels use. */
    @Test
    void avx512WithoutItsBwDqAndVlPartsIsNotEnoughForSkylakeX() throws Exception {
        assertEquals("Haswell", core(cpuinfo(INTEL, HASWELL_FLAGS + " avx512f avx512pf avx512er avx512cd")));
    }

    /** A flag is matched whole (made-up names here): {@code avx512fx} is not {@code avx512f}, nor {@code avx2x} {@code avx2}. */
    @Test
    void flagsAreMatchedWhole() throws Exception {
        String noAvx512f = XEON_MODEL_207_FLAGS.replace(" avx512f ", " avx512fx ");
        assertEquals("Haswell", core(cpuinfo(INTEL, noAvx512f)));
        assertEquals("", core(cpuinfo(INTEL, "fpu sse sse2 avx fma avx2x")));
    }

    @Test
    void anOlderIntelCpuKeepsOpenBlasOwnChoice() throws Exception {
        assertEquals("", core(cpuinfo(INTEL, "fpu vme sse sse2 ssse3 cx16 sse4_1 sse4_2 avx")));
    }

    @Test
    void anAmdCpuKeepsOpenBlasOwnChoice() throws Exception {
        assertEquals("", core(cpuinfo(AMD, XEON_MODEL_207_FLAGS)));
    }

    @Test
    void withoutCpuinfoNothingIsAskedFor() throws Exception {
        assertEquals("", core(dir.resolve("missing")));
        Path noFields = dir.resolve("no-fields");
        Files.writeString(noFields, "processor\t: 0\n", StandardCharsets.US_ASCII);
        assertEquals("", core(noFields));
    }

    /** Two processors listed: the first one's lines decide. */
    @Test
    void theFirstProcessorDecides() throws Exception {
        Path two = dir.resolve("two");
        Files.writeString(two, Files.readString(cpuinfo(INTEL, HASWELL_FLAGS))
                + Files.readString(cpuinfo(AMD, HASWELL_FLAGS)), StandardCharsets.US_ASCII);
        assertEquals("Haswell", core(two));
    }

    /** What the launchers call: a set OPENBLAS_CORETYPE wins, else the answer above is exported, else nothing is. */
    @Test
    void theExportKeepsASetValueAndOtherwiseExportsTheAnswer() throws Exception {
        Path haswell = cpuinfo(INTEL, HASWELL_FLAGS);
        assertEquals("Haswell", exported(haswell, null));
        assertEquals("Prescott", exported(haswell, "Prescott"));
        assertEquals("unset", exported(cpuinfo(AMD, HASWELL_FLAGS), null));
    }

    private Path cpuinfo(String vendor, String flags) throws IOException {
        Path file = Files.createTempFile(dir, "cpuinfo", "");
        Files.writeString(file, "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 6\nmodel\t\t: 207\n"
                + "model name\t: Some CPU\nflags\t\t: " + flags + "\nbogomips\t: 4200.00\n\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    /** What the script prints for the file, under the launchers' {@code set -euo pipefail}; asserts it succeeded. */
    private static String core(Path cpuinfo) throws Exception {
        return bash("core=\"$(openblas_core \"$2\")\"; printf '%s' \"$core\"", cpuinfo, null);
    }

    /** OPENBLAS_CORETYPE after openblas_export_core, started with {@code set} (null: unset); "unset" if it stays so. */
    private static String exported(Path cpuinfo, String set) throws Exception {
        return bash("openblas_export_core \"$2\"; printf '%s' \"${OPENBLAS_CORETYPE-unset}\"", cpuinfo, set);
    }

    private static String bash(String command, Path cpuinfo, String coreType) throws Exception {
        Path script = RepositoryRoot.holding(SCRIPT).resolve(SCRIPT);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$1\"; " + command,
                "bash", script.toString(), cpuinfo.toString()).redirectErrorStream(true);
        pb.environment().remove("OPENBLAS_CORETYPE");   // the tests' own pin (pom.xml) must not leak in
        if (coreType != null) {
            pb.environment().put("OPENBLAS_CORETYPE", coreType);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
