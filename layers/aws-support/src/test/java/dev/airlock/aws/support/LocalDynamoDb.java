package dev.airlock.aws.support;

import dev.airlock.embedded.EmbeddedDynamoDb;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The real DynamoDB Local, in memory, for one test class: started before the class's
 * {@code @BeforeAll} methods, stopped after its last test. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalDynamoDb LOCAL = new LocalDynamoDb();
 * ... LOCAL.client(), LOCAL.newAuditTable("export") ...
 * }</pre>
 */
public final class LocalDynamoDb implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger tables = new AtomicInteger();
    private Path nativeLibraries;
    private EmbeddedDynamoDb local;
    private DynamoDbClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        nativeLibraries = Files.createTempDirectory("airlock-dynamodb-native-");
        local = EmbeddedDynamoDb.startInMemory(nativeLibraries);
        client = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            try {
                if (local != null) {
                    local.close();
                }
            } finally {
                deleteRecursively(nativeLibraries);
            }
        }
    }

    /** A client of this DynamoDB Local; closed after the class. */
    public DynamoDbClient client() {
        if (client == null) {
            throw new IllegalStateException("DynamoDB Local is not running: register LocalDynamoDb with "
                    + "@RegisterExtension on a static field");
        }
        return client;
    }

    /** Fresh, empty audit and approvals tables, named {@code <name>-<n>} and {@code <name>-approvals-<n>}. */
    public AirlockTables newTables(String name) {
        int n = tables.incrementAndGet();
        AirlockTables created = new AirlockTables(name + "-" + n, name + "-approvals-" + n);
        created.createIfMissing(client());
        return created;
    }

    /** A fresh, empty audit table; see {@link #newTables}. */
    public String newAuditTable(String name) {
        return newTables(name).audit();
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
