package dev.airlock.cli;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.identity.aws.DynamoDbRevocations;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code airlock revoke --aws} as an operator runs it against a deployment: the revocation lands
 * in the audit table (DynamoDB in moto_server) where the function's instances read it.
 */
class RevokeAwsTest {
    private static final String TABLE = "revoke-audit";
    private static MotoServer moto;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        new AirlockTables(TABLE, TABLE + "-approvals").createIfMissing(dynamo);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        moto.close();
    }

    private static CliRun revokeInAws(String... args) {
        try (var aws = new CliRun.SystemProperties(Map.of("aws.accessKeyId", "testing", "aws.secretAccessKey",
                "testing", "aws.region", "us-east-1", "aws.endpointUrl", moto.endpoint().toString()))) {
            List<String> all = new ArrayList<>(List.of("revoke", "--aws", "--table", TABLE));
            all.addAll(List.of(args));
            return CliRun.airlock(all.toArray(String[]::new));
        }
    }

    /** A fresh reader, as a function instance that has not cached the list yet. */
    private static DynamoDbRevocations function() {
        return new DynamoDbRevocations(dynamo, TABLE, Clock.systemUTC());
    }

    @Test
    void revokeAws_whenAgent_isSeenByTheFunctionUntilRestored() {
        CliRun revoke = revokeInAws("--agent", "ops-bot");
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("Agent ops-bot is revoked in " + TABLE);
        assertThat(function().isAgentRevoked("ops-bot")).isTrue();

        CliRun restore = revokeInAws("--agent", "ops-bot", "--restore");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Agent ops-bot is restored.");
        assertThat(function().isAgentRevoked("ops-bot")).isFalse();
    }

    @Test
    void revokeAws_whenTokenId_isSeenByTheFunction() {
        CliRun revoke = revokeInAws("--token-id", "6a4f8d0e-token");

        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(function().isTokenRevoked("6a4f8d0e-token")).isTrue();
        assertThat(function().isTokenRevoked("another-token")).isFalse();
    }

    @Test
    void revokeAws_whenTableMissing_failsWithOneLineAndChangesNothing() {
        try (var aws = new CliRun.SystemProperties(Map.of("aws.accessKeyId", "testing", "aws.secretAccessKey",
                "testing", "aws.region", "us-east-1", "aws.endpointUrl", moto.endpoint().toString()))) {
            CliRun revoke = CliRun.airlock("revoke", "--aws", "--table", "no-such-table", "--agent", "ops-bot");

            assertThat(revoke.exit()).isNotZero();
            assertThat(revoke.err().strip()).startsWith("airlock: Cannot write the revocation to table no-such-table")
                    .doesNotContain("\n");
        }
    }
}
