package dev.airlock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code airlock local}: the gateway on this machine, on embedded defaults, in the foreground. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Start the gateway on this machine with embedded defaults.",
                "Listens on 127.0.0.1, with DynamoDB Local for the audit trail, an embedded PostgreSQL as",
                "target 'demo', a signing key and the policies folder. Ctrl-C stops it; the audit trail",
                "is kept in the data folder."})
final class LocalCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080",
            description = "Loopback port to listen on (default: ${DEFAULT-VALUE}). 0 picks a free one; the banner "
                    + "and gateway.json in the data folder name it, and the other commands find it there.")
    int port;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "Folder for the audit trail, demo database and key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--policies", description = "Cedar policy folder (default: the checkout's policies/).")
    Path policies;

    @Option(names = "--phone-region", defaultValue = "US", paramLabel = "CODE",
            description = "Region to read phone numbers without a country code in, for masking (default: ${DEFAULT-VALUE}).")
    String phoneRegion;

    @Option(names = "--audit-sync", defaultValue = "batched", paramLabel = "batched|per-intent",
            description = {"When the audit journal reaches the disk: batched (every 20 ms; a killed gateway loses",
                    "nothing, power loss up to 20 ms of records) or per-intent (before each statement runs;",
                    "costs an fsync per request). Default: ${DEFAULT-VALUE}."})
    String auditSync;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException("--port must be between 1 and 65535, or 0 for any free port.", AirlockCli.USAGE);
        }
        if (!auditSync.equals("batched") && !auditSync.equals("per-intent")) {
            throw new CliException("--audit-sync is batched or per-intent, not '" + auditSync + "'.", AirlockCli.USAGE);
        }
        Path jar = Workspace.localGatewayJar();
        if (!Files.exists(jar)) {
            throw new CliException("The local gateway is not built (" + jar + "). Run ./airlock again, which builds "
                    + "it, or ./mvnw -pl local -am package.");
        }
        Path policyDir = policies == null ? Workspace.defaultPolicies() : policies;
        if (!Files.isDirectory(policyDir)) {
            throw new CliException("Policy folder " + policyDir.toAbsolutePath() + " does not exist: pass --policies.",
                    AirlockCli.USAGE);
        }
        if (port != 0) {
            ensurePortFree();
        }
        Process gateway = new ProcessBuilder(command(jar, policyDir)).inheritIO().start();
        Thread stopGateway = new Thread(() -> stop(gateway), "stop-local-gateway");
        Runtime.getRuntime().addShutdownHook(stopGateway);
        int exit = gateway.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopGateway);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is already running and waits for the gateway.
        }
        return exit == 130 || exit == 143 ? 0 : exit;
    }

    private List<String> command(Path jar, Path policyDir) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dquarkus.http.port=" + port,
                "-Dairlock.data-dir=" + dataDir.toAbsolutePath().normalize(),
                "-Dairlock.policies-dir=" + policyDir.toAbsolutePath().normalize(),
                "-Dairlock.masking.phone-region=" + phoneRegion,
                "-Dairlock.audit.sync=" + auditSync,
                "-jar", jar.toString()));
        return command;
    }

    private void ensurePortFree() {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new CliException("Port " + port + " on 127.0.0.1 is in use: is a gateway already running? "
                    + "Stop it, or pass --port.");
        }
    }

    /** On Ctrl-C the gateway gets the signal too; give it time to stop its databases cleanly. */
    private static void stop(Process gateway) {
        if (!gateway.isAlive()) {
            return;
        }
        gateway.destroy();
        try {
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
