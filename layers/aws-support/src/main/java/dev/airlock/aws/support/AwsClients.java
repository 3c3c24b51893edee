package dev.airlock.aws.support;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;

/**
 * The one place Airlock builds AWS SDK v2 clients, so every function, the local gateway and the
 * CLI build them alike: on the light URLConnection HTTP client (fast Lambda cold starts), with
 * region, credentials and endpoint from the SDK's default chain ({@code AWS_ENDPOINT_URL}
 * included), or pointed at a local emulator. Use: {@code AwsClients.create(DynamoDbClient.builder())}.
 */
public final class AwsClients {
    /** Emulators (DynamoDB Local, moto_server) accept any credentials; these make that plain. */
    private static final StaticCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private AwsClients() {
    }

    /** A client from the default chain, on the URLConnection HTTP client. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C create(
            B builder) {
        return configure(builder).build();
    }

    /** The builder set up as {@link #create} does, for callers that add their own settings before building. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> B configure(
            B builder) {
        builder.httpClient(UrlConnectionHttpClient.create());
        return builder;
    }

    /** A client for a local emulator at {@code endpoint}: us-east-1 and dummy credentials. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C emulator(
            B builder, URI endpoint) {
        return configure(builder).endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(EMULATOR_CREDENTIALS).build();
    }
}
