package dev.airlock.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class EmbeddedDynamoDbTest {
    @TempDir
    Path dir;

    private static DynamoDbClient client(EmbeddedDynamoDb db) {
        return DynamoDbClient.builder().endpointOverride(db.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void startPersistent_whenRestarted_keepsTables() {
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.startPersistent(dir.resolve("dynamodb"), dir.resolve("native"));
             DynamoDbClient ddb = client(db)) {
            ddb.createTable(b -> b.tableName("kept").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        }
        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.startPersistent(dir.resolve("dynamodb"), dir.resolve("native"));
             DynamoDbClient ddb = client(db)) {
            assertThat(ddb.listTables().tableNames()).contains("kept");
        }
    }

    @Test
    void start_listensOnLoopbackOnly() throws Exception {
        List<InetAddress> external = externalAddresses();
        assumeThat(external).as("a non-loopback IPv4 address on this machine").isNotEmpty();

        try (EmbeddedDynamoDb db = EmbeddedDynamoDb.startInMemory(dir.resolve("native"))) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", db.port()), 2000);
            }
            for (InetAddress address : external) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, db.port()), 2000);
                    }
                }).as("DynamoDB Local must not answer on %s", address).isInstanceOf(IOException.class);
            }
        }
    }

    private static List<InetAddress> externalAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .toList();
    }
}
