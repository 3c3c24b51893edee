package dev.airlock.it;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The local gateway started as a user starts it, {@code airlock local --port P --data-dir D
 * --policies F}, with a test's own copy of the policies and extra environment (for example
 * AWS_ENDPOINT_URL for moto); stopped with SIGINT the way Ctrl-C stops it. A {@link LocalGateway}
 * underneath, so it runs with the canaries and records its evidence like every other.
 */
final class PolicyFolderGateway implements AutoCloseable {
    private final LocalGateway gateway;

    private PolicyFolderGateway(LocalGateway gateway) {
        this.gateway = gateway;
    }

    static PolicyFolderGateway start(Path dataDir, Path policies, Map<String, String> environment) {
        return new PolicyFolderGateway(LocalGateway.start(dataDir, environment, List.of("--policies",
                policies.toString())));
    }

    URI url() {
        return gateway.url();
    }

    Path dataDir() {
        return gateway.dataDir();
    }

    String output() {
        return gateway.output();
    }

    /** A client for the gateway's DynamoDB Local, as an auditor would open one. */
    DynamoDbClient dynamo() {
        return gateway.dynamo();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
