package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local gateway as a user starts it: {@code airlock local --port 0 --data-dir D}, run
 * from the built CLI jar, in its own process, stopped with SIGINT the way Ctrl-C stops it.
 * <p>
 * Every gateway runs with this build's {@link Canaries}: a new data folder gets the canary as
 * its demo database password, and the process gets the canary AWS secret key. What it printed
 * and every record of its audit tables and journal are kept as {@link Evidence} for the scan.
 */
final class LocalGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dataDir;
    private int port;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;
    private final Path evidence;
    private final String name;
    private final ObjectNode facts;
    private String awsEndpoint;
    private boolean auditRecorded;
    private boolean closed;

    private LocalGateway(Process process, Path dataDir, Path evidence, String name, ObjectNode facts) {
        this.process = process;
        this.dataDir = dataDir;
        this.evidence = evidence;
        this.name = name;
        this.facts = facts;
        reader = new Thread(this::readOutput, "local-gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    static LocalGateway start(Path dataDir) {
        return start(dataDir, java.util.Map.of());
    }

    /** @param environment added to the gateway's environment, for example AWS_ENDPOINT_URL for moto */
    static LocalGateway start(Path dataDir, java.util.Map<String, String> environment) {
        return start(dataDir, environment, List.of());
    }

    /** @param arguments added to {@code airlock local}'s, for example {@code --policies F} */
    static LocalGateway start(Path dataDir, java.util.Map<String, String> environment, List<String> arguments) {
        Path evidence = Evidence.dirOfCurrentTest();
        String name = Evidence.nextName(Evidence.GATEWAY_PREFIX);
        ObjectNode facts = JSON.createObjectNode();
        facts.put("name", name);
        facts.put("dataDir", dataDir.toString());
        try {
            facts.put("canaryDatabasePassword", seedCanaryPassword(dataDir));
            // Port 0: the gateway binds a free port itself. A port picked here and bound a minute later, after
            // its databases started, can meanwhile be taken as the local port of any outgoing connection.
            List<String> args = new ArrayList<>(List.of("local", "--port", "0", "--data-dir",
                    dataDir.toString()));
            args.addAll(arguments);
            ProcessBuilder command = Cli.command(args.toArray(String[]::new)).redirectErrorStream(true);
            command.environment().put("AWS_ACCESS_KEY_ID", "testing");
            command.environment().put("AWS_SECRET_ACCESS_KEY", Canaries.awsSecretKey());
            command.environment().putAll(environment);
            facts.put("canaryAwsSecretKey", Canaries.awsSecretKey().equals(
                    command.environment().get("AWS_SECRET_ACCESS_KEY")));
            Evidence.write(evidence.resolve(name + Evidence.STARTED), facts.toString());
            Process process = command.start();
            LocalGateway gateway = new LocalGateway(process, dataDir, evidence, name, facts);
            gateway.awsEndpoint = command.environment().get("AWS_ENDPOINT_URL");
            gateway.awaitReady();
            facts.put("ready", true);
            gateway.proveCanaryPasswordInUse();
            // Issue 13: the demo's masked values are canaries too, for the audit trail, notices and logs.
            MaskedCanaries.record(new DemoDatabaseAccess(gateway));
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new data folder gets secrets.json with this build's canary as the demo password, in the
     * format the gateway writes on first start; an existing one is left as it is.
     * @return whether the gateway will run its demo database with the canary password
     */
    private static boolean seedCanaryPassword(Path dataDir) throws IOException {
        Path secrets = dataDir.resolve("secrets.json");
        if (!Files.exists(secrets)) {
            Files.createDirectories(dataDir);
            ObjectNode root = JSON.createObjectNode();
            ObjectNode demo = root.putObject("targets").putObject("demo");
            demo.put("username", "airlock_gateway");
            demo.put("password", Canaries.databasePassword());
            Files.writeString(secrets, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        }
        return JSON.readTree(secrets.toFile()).path("targets").path("demo").path("password").asText()
                .equals(Canaries.databasePassword());
    }

    /** The demo database really takes the canary: its gateway login works with it and nothing else. */
    private void proveCanaryPasswordInUse() {
        if (!facts.path("canaryDatabasePassword").asBoolean()) {
            return;
        }
        String url = runtimeFile().path("targets").path("demo").path("jdbcUrl").asText();
        try (Connection c = DriverManager.getConnection(url, "airlock_gateway", Canaries.databasePassword())) {
            c.createStatement().execute("select 1");
            boolean wrongRefused;
            try (Connection wrong = DriverManager.getConnection(url, "airlock_gateway", "not-the-canary")) {
                wrongRefused = false;
            } catch (SQLException expected) {
                wrongRefused = true;
            }
            facts.put("canaryDatabaseLogin", wrongRefused ? "ok" : "a wrong password was accepted too");
        } catch (SQLException | RuntimeException e) {
            facts.put("canaryDatabaseLogin", "failed: " + e);
        }
        Evidence.write(evidence.resolve(name + Evidence.STARTED), facts.toString());
    }

    /**
     * The demo AWS account's secrets (STS sessions the gateway assumed, the SecureString, the key in
     * a report object) are canaries too: read from moto itself before the gateway stops it.
     */
    private void learnSandboxSecrets() {
        String endpoint;
        try {
            endpoint = runtimeFile().path("targets").path("aws-sandbox").path("emulatorEndpoint").asText("");
        } catch (RuntimeException e) {
            return;
        }
        if (endpoint.isBlank()) {
            return;
        }
        Evidence.learnMotoSecrets(endpoint);
        Evidence.learnSandboxSecrets(URI.create(endpoint));
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (output.indexOf("Press Ctrl-C to stop.") >= 0) {
                port = URI.create(runtimeFile().path("url").asText()).getPort();
                facts.put("port", port);
                return;
            }
            if (!process.isAlive()) {
                recordOutput();
                throw new IllegalStateException("The local gateway exited with " + process.exitValue() + ":\n" + output);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("The local gateway did not get ready in 120 s:\n" + output);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    JsonNode runtimeFile() {
        try {
            return JSON.readTree(dataDir.resolve("gateway.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client for the gateway's DynamoDB Local, as an auditor would open one. */
    DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(URI.create(runtimeFile().path("dynamodbEndpoint").asText()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("auditor", "auditor")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Ctrl-C in a terminal signals the CLI and the gateway it started; returns the CLI's exit code. */
    int interrupt() {
        recordAuditTrail();
        List<Long> pids = new ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(p -> pids.add(p.pid()));
        List<String> kill = new ArrayList<>(List.of("kill", "-INT"));
        pids.forEach(pid -> kill.add(String.valueOf(pid)));
        try {
            new ProcessBuilder(kill).inheritIO().start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The local gateway did not stop within 60 s of Ctrl-C:\n" + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Before the gateway stops: every item of the tables in its DynamoDB Local, once it has settled. */
    private synchronized void recordAuditTrail() {
        if (auditRecorded || !process.isAlive()) {
            return;
        }
        auditRecorded = true;
        Evidence.learnMotoSecrets(awsEndpoint);
        learnSandboxSecrets();
        try (DynamoDbClient dynamo = dynamo()) {
            new AuditTrail(dynamo).settle();
            facts.put("auditRecords", Evidence.dumpTables(dynamo, evidence.resolve(name + Evidence.RECORDS)));
        } catch (RuntimeException | AssertionError e) {
            facts.put("auditRecordsError", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    interrupt();
                } catch (RuntimeException e) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        } finally {
            recordOutput();
        }
    }

    /** After it stopped: everything it printed, its audit journal and the approval emails it sent. */
    private synchronized void recordOutput() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Evidence.write(evidence.resolve(name + Evidence.OUTPUT), output.toString());
        facts.put("outputLines", output.toString().lines().count());
        facts.put("journalFiles", Evidence.copyFiles(dataDir.resolve("audit-journal"), evidence, name));
        facts.put("dataFolderLogFiles", Evidence.copyLogFiles(dataDir, evidence, name));
        facts.put("outboxFiles", Evidence.copyOutbox(dataDir, evidence, name));
        facts.put("closed", true);
        Evidence.write(evidence.resolve(name + Evidence.STARTED), facts.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
