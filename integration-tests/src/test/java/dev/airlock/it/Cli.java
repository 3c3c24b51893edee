package dev.airlock.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built {@code airlock} CLI, run the way the {@code ./airlock} launcher runs it. */
final class Cli {
    static final Path HOME = Path.of(System.getProperty("airlock.home"));
    static final Path JAR = Path.of(System.getProperty("airlock.cli.jar"));

    private Cli() {
    }

    /** What a finished command printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "--sun-misc-unsafe-memory-access=allow",
                "-Dairlock.home=" + HOME, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    static Result run(String... args) {
        try {
            Process process = command(args).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("airlock " + String.join(" ", args) + " did not finish in 60 s");
            }
            Result result = new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
            Evidence.cli(List.of(args), result);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
