package io.twinstream.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the environment that OpenBLAS reads once, when it loads, unless the user has set it already:
 * <ul>
 *   <li>{@code OMP_NUM_THREADS=1}: the networks are small, and one BLAS thread per thread doing model work is fastest;</li>
 *   <li>{@code OPENBLAS_CORETYPE=SkylakeX} on CPUs with AVX-512: the OpenBLAS that ND4J ships takes newer such CPUs
 *       (those with bfloat16, which it calls Cooperlake) for a kernel that, measured here, runs the LSTM's matrix
 *       products about three times slower than its SkylakeX kernel.</li>
 * </ul>
 * Call {@link #prepare()} before anything loads OpenBLAS (ND4J included); later calls do nothing.
 */
public final class NativeEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);
    private static final Map<String, String> APPLIED = new LinkedHashMap<>();
    private static boolean prepared;

    /** The C library's setenv, which changes the environment native code reads with getenv. */
    private interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private NativeEnvironment() {
    }

    public static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        final Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("OMP_NUM_THREADS", "1");
        if (cpuHasAvx512()) {
            wanted.put("OPENBLAS_CORETYPE", "SkylakeX");
        }
        try {
            final CLibrary libc = Native.loadLibrary("c", CLibrary.class);
            wanted.forEach((name, value) -> {
                if (System.getenv(name) == null && libc.setenv(name, value, 0) == 0) {
                    APPLIED.put(name, value);
                }
            });
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("Cannot set {} for the native libraries ({}); set them before starting the JVM", wanted, e.getMessage());
        }
    }

    /** The variables {@link #prepare()} set (those the user had not set), for reports. */
    public static synchronized Map<String, String> applied() {
        return Map.copyOf(APPLIED);
    }

    private static boolean cpuHasAvx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
