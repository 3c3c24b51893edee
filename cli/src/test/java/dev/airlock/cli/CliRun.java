package dev.airlock.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One {@code airlock} command run in this JVM: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun airlock(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = AirlockCli.run(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /**
     * System properties the AWS SDK's default chains read ({@code aws.region}, ...), set until
     * closed, so a test can stand where a user's environment would.
     */
    static final class SystemProperties implements AutoCloseable {
        private final Map<String, String> saved = new HashMap<>();

        SystemProperties(Map<String, String> properties) {
            properties.forEach((name, value) -> {
                saved.put(name, System.getProperty(name));
                System.setProperty(name, value);
            });
        }

        @Override
        public void close() {
            saved.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
