package io.twinstream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs Debian's Chromium headless against a page, with the flags this machine's closed network needs. */
final class Chromium {

    /** What Chromium printed. */
    record Result(String stdout, String stderr) {
    }

    private Chromium() {
    }

    /** Loads {@code url}, lets its scripts run for 6 s of virtual time, then does what {@code action} says (--dump-dom, --screenshot=...). */
    static Result run(final Path chromium, final String action, final String url) throws IOException, InterruptedException {
        try (TempDirectory profile = TempDirectory.create("twinstream-chromium-")) {
            return run(chromium, action, url, profile.path());
        }
    }

    private static Result run(final Path chromium, final String action, final String url, final Path profile)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--virtual-time-budget=6000", "--enable-logging=stderr", "--v=0",
                action, url));
        final Process process = new ProcessBuilder(command).start();
        final CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        final CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Chromium did not finish within 90 s");
            }
            return new Result(new String(stdout.get(), StandardCharsets.UTF_8), new String(stderr.get(), StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new IOException("Cannot read Chromium's output", e);
        }
    }

    private static byte[] readAll(final java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
