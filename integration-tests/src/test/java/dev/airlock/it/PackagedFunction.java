package dev.airlock.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The built {@code function.zip}, unpacked the way Lambda unpacks it into its task root and
 * run by the Lambda runtime interface client, as the managed Java runtime runs it.
 */
final class PackagedFunction implements AutoCloseable {
    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private final Process process;
    private final StringBuffer log = new StringBuffer();

    private PackagedFunction(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "function-log");
        reader.setDaemon(true);
        reader.start();
    }

    static PackagedFunction start(Path zip, Path taskRoot, String runtimeApi, Map<String, String> environment) {
        unzip(zip, taskRoot);
        Path runtime = Path.of(System.getProperty("airlock.lambda.runtime.dir"));
        ProcessBuilder builder = new ProcessBuilder(List.of(Cli.java(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", runtime.resolve("*").toString(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", HANDLER);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "airlock-gateway");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.putAll(environment);
        // The runtime loads the function from its working directory, /var/task in Lambda.
        builder.directory(taskRoot.toFile());
        builder.redirectErrorStream(true);
        try {
            return new PackagedFunction(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unzip(Path zip, Path target) {
        try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalStateException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip, e);
        }
    }

    String log() {
        return log.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
