package dev.airlock.function.clients;

import dev.airlock.aws.support.AwsClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS clients every Lambda function injects. Region, credentials and endpoints come from
 * the Lambda environment through the SDK's default chain (AWS_ENDPOINT_URL included); a client
 * is built on first use, so a function that never signs never creates the KMS client.
 */
@ApplicationScoped
public class LambdaAwsClients {

    @Produces
    @Singleton
    DynamoDbClient dynamo() {
        return AwsClients.create(DynamoDbClient.builder());
    }

    @Produces
    @Singleton
    KmsClient kms() {
        return AwsClients.create(KmsClient.builder());
    }
}
