package dev.airlock.embedded;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DynamoDB Local running in this JVM as a server on a loopback port, so that the CLI (an
 * auditor's second terminal) reaches the same tables through the same AWS SDK adapters it
 * would use against DynamoDB. Telemetry is always off. With a folder, tables persist there.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private static final String NATIVE_RESOURCES = "/dev/airlock/embedded/sqlite4java/";
    private static final String LOOPBACK = "127.0.0.1";

    private final DynamoDBProxyServer server;
    private final int port;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Tables live in memory and vanish on close. */
    public static EmbeddedDynamoDb startInMemory(Path nativeLibraryDir) {
        return start(List.of("-inMemory"), nativeLibraryDir);
    }

    /** Tables persist in {@code dbDir} across restarts. */
    public static EmbeddedDynamoDb startPersistent(Path dbDir, Path nativeLibraryDir) {
        try {
            Files.createDirectories(dbDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the DynamoDB Local folder " + dbDir, e);
        }
        // One shared database file: every client sees the same tables whatever its credentials or region.
        return start(List.of("-dbPath", dbDir.toAbsolutePath().toString(), "-sharedDb"), nativeLibraryDir);
    }

    private static EmbeddedDynamoDb start(List<String> storage, Path nativeLibraryDir) {
        installNativeLibraries(nativeLibraryDir);
        Exception last = null;
        // DynamoDB Local refuses port 0, so pick a free port; retry if another process takes it first.
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freeLoopbackPort();
            List<String> args = new ArrayList<>(storage);
            args.addAll(List.of("-port", String.valueOf(port), "-disableTelemetry"));
            try {
                DynamoDBProxyServer server = quietly(() ->
                        ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new)));
                for (Object connector : connectors(jettyServer(server))) {
                    // DynamoDB Local has no host option and would listen on every interface.
                    connector.getClass().getMethod("setHost", String.class).invoke(connector, LOOPBACK);
                }
                server.start();
                return new EmbeddedDynamoDb(server, port);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("DynamoDB Local did not start: " + last.getMessage(), last);
    }

    /** DynamoDB Local prints its configuration to stdout, which would bury the gateway's own banner. */
    private static <T> T quietly(java.util.concurrent.Callable<T> action) throws Exception {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return action.call();
        } finally {
            System.setOut(stdout);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static Object jettyServer(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        return field.get(server);
    }

    private static Object[] connectors(Object jetty) throws ReflectiveOperationException {
        Method getConnectors = jetty.getClass().getMethod("getConnectors");
        return (Object[]) getConnectors.invoke(jetty);
    }

    /** sqlite4java loads its library from a folder: copy the one for this platform there. */
    private static synchronized void installNativeLibraries(Path dir) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String library;
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            library = "libsqlite4java-linux-amd64-1.0.392.so";
        } else if (os.contains("mac")) {
            library = "libsqlite4java-osx-1.0.392.dylib";
        } else if (os.contains("windows")) {
            library = "sqlite4java-win32-x64-1.0.392.dll";
        } else {
            throw new IllegalStateException("DynamoDB Local has no SQLite library for " + os + "/" + arch
                    + ". Run the local gateway on Linux x86-64, macOS or Windows x64.");
        }
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(library);
            if (!Files.exists(target)) {
                try (InputStream in = EmbeddedDynamoDb.class.getResourceAsStream(NATIVE_RESOURCES + library)) {
                    if (in == null) {
                        throw new IllegalStateException("The SQLite library " + library + " is missing from "
                                + "airlock-embedded; rebuild it with ./mvnw install.");
                    }
                    Path temp = Files.createTempFile(dir, "sqlite4java", ".tmp");
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty("sqlite4java.library.path", dir.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the SQLite library into " + dir, e);
        }
    }

    public int port() {
        return port;
    }

    /** The endpoint to give the AWS SDK, for example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
