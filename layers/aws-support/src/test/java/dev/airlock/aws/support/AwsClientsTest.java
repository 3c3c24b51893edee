package dev.airlock.aws.support;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class AwsClientsTest {

    @Test
    void emulator_whenGivenAnEndpoint_pointsTheClientThereInUsEast1() {
        URI endpoint = URI.create("http://127.0.0.1:8000");
        try (DynamoDbClient client = AwsClients.emulator(DynamoDbClient.builder(), endpoint)) {
            assertThat(client.serviceClientConfiguration().endpointOverride()).contains(endpoint);
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
        }
    }

    @Test
    void configure_whenTheCallerAddsARegion_buildsWithIt() {
        try (KmsClient client = AwsClients.configure(KmsClient.builder()).region(Region.EU_WEST_1).build()) {
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }
}
