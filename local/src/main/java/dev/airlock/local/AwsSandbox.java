package dev.airlock.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo AWS account, {@code aws-sandbox}: moto_server on a loopback port, seeded with the
 * demo's buckets, table, queue, parameters, instance and logs (moto keeps everything in memory,
 * so every start seeds afresh). Optional: without moto_server on the PATH the gateway starts
 * without this target and says, in one line, how to turn it on.
 */
public final class AwsSandbox implements AutoCloseable {
    public static final String TARGET = "aws-sandbox";
    public static final String REGION = "us-east-1";
    /** moto's default account: every resource moto creates lives in it. */
    public static final String ACCOUNT = "123456789012";
    public static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/airlock-target";
    static final String NOT_INSTALLED = "AWS sandbox target " + TARGET + " is off: moto_server is not on the PATH. "
            + "Turn it on with: pip install 'moto[server]'";
    static final String LOG_FILE = "moto.log";
    /** The running moto_server's pid: a gateway killed with SIGKILL cannot stop its sandbox, the next start does. */
    static final String PID_FILE = "moto.pid";

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI endpoint;
    private final String workerInstanceId;
    private final Thread shutdownHook;
    private final Path dataDir;

    private AwsSandbox(Process process, Path dataDir, URI endpoint, String workerInstanceId) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
        this.workerInstanceId = workerInstanceId;
        // Should nobody close the sandbox, moto_server must still not outlive the gateway.
        this.shutdownHook = new Thread(this::stopProcess, "aws-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts and seeds the sandbox when moto_server is on the PATH (or {@code MOTO_SERVER} names
     * it). Otherwise, or when it does not start, prints one line saying why and returns empty:
     * the gateway runs without the AWS target.
     */
    public static Optional<AwsSandbox> start(Path dataDir, PrintStream out) {
        return start(dataDir, out, findExecutable(System.getenv()));
    }

    static Optional<AwsSandbox> start(Path dataDir, PrintStream out, Optional<Path> executable) {
        if (executable.isEmpty()) {
            out.println(NOT_INSTALLED);
            return Optional.empty();
        }
        Path log = dataDir.resolve(LOG_FILE);
        out.println("Starting the AWS sandbox (moto_server, log in " + log + ") ...");
        Running moto;
        try {
            Files.createDirectories(dataDir);
            stopLeftover(dataDir, out);
            Files.deleteIfExists(log);
            moto = launchOnAFreePort(executable.get(), dataDir, log);
        } catch (IOException e) {
            out.println("AWS sandbox target " + TARGET + " is off: moto_server did not start (" + e.getMessage() + ").");
            return Optional.empty();
        } catch (RuntimeException e) {
            out.println("AWS sandbox target " + TARGET + " is off: " + e.getMessage() + " (see " + log + ").");
            return Optional.empty();
        }
        Process process = moto.process();
        URI endpoint = moto.endpoint();
        try {
            String instanceId = new AwsSandboxSeed(endpoint).seed();
            AwsSandbox sandbox = new AwsSandbox(process, dataDir, endpoint, instanceId);
            out.println("AWS sandbox " + TARGET + " ready at " + endpoint + ": account " + ACCOUNT + ", " + REGION
                    + ", buckets airlock-demo-reports and airlock-demo-private, table demo-orders, queue demo-jobs, "
                    + "parameters /demo/*, log group /demo/app, instance demo-worker " + instanceId);
            return Optional.of(sandbox);
        } catch (RuntimeException e) {
            destroy(process);
            out.println("AWS sandbox target " + TARGET + " is off: " + e.getMessage() + " (see " + log + ").");
            return Optional.empty();
        }
    }

    private record Running(Process process, URI endpoint) {
    }

    /** A free port can be taken by someone else before moto binds it; moto then exits, and a new port is tried. */
    private static Running launchOnAFreePort(Path executable, Path dataDir, Path log) throws IOException {
        for (int attempt = 1; ; attempt++) {
            URI endpoint = URI.create("http://127.0.0.1:" + freeLoopbackPort());
            Process started = launch(executable, dataDir, endpoint, log);
            try {
                awaitReady(started, endpoint);
                return new Running(started, endpoint);
            } catch (RuntimeException e) {
                boolean exitedByItself = !started.isAlive();
                destroy(started);
                if (!exitedByItself || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static Process launch(Path executable, Path dataDir, URI endpoint, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p",
                String.valueOf(endpoint.getPort()));
        Map<String, String> env = builder.environment();
        // Without credentials moto probes the instance-metadata address and stalls.
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_DEFAULT_REGION", REGION);
        // The request recorder writes to ./moto_recording unless told otherwise.
        env.put("MOTO_RECORDER_FILEPATH", dataDir.resolve("moto-recording.jsonl").toAbsolutePath().toString());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()));
        return process;
    }

    /**
     * Stops the moto_server a previous gateway started from this data folder and could not stop
     * (it was killed). Only a live process whose command names moto_server is stopped, so a pid
     * the system has since given to another program is left alone.
     */
    static void stopLeftover(Path dataDir, PrintStream out) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (NumberFormatException e) {
            leftover = Optional.empty();
        }
        leftover.filter(ProcessHandle::isAlive).filter(AwsSandbox::isMotoServer).ifPresent(p -> {
            out.println("Stopping the AWS sandbox a killed gateway left running (pid " + p.pid() + ").");
            p.destroy();
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly();
            }
        });
        Files.deleteIfExists(pidFile);
    }

    private static boolean isMotoServer(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.command().filter(c -> c.contains("moto_server")).isPresent()
                || info.arguments().map(args -> String.join(" ", args).contains("moto_server")).orElse(false);
    }

    /** {@code MOTO_SERVER} if set, else moto_server on the PATH. */
    static Optional<Path> findExecutable(Map<String, String> env) {
        String configured = env.get("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return REGION;
    }

    public String account() {
        return ACCOUNT;
    }

    /** The role the gateway assumes for each call, with a session policy narrowed to the call. */
    public String roleArn() {
        return ROLE_ARN;
    }

    /** The id moto gave the instance tagged Name=demo-worker (the same on every start of one moto version). */
    public String workerInstanceId() {
        return workerInstanceId;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stopProcess();
    }

    private void stopProcess() {
        destroy(process);
        try {
            Files.deleteIfExists(dataDir.resolve(PID_FILE));
        } catch (IOException ignored) {
            // the next start checks the pid is still moto_server before it stops anything
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void awaitReady(Process process, URI endpoint) {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while moto_server started", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while moto_server started", e);
            }
        }
        throw new IllegalStateException("moto_server did not answer within " + STARTUP.toSeconds() + " s");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "AwsSandbox[" + TARGET + " at " + endpoint + ", account " + ACCOUNT + "]";
    }
}
