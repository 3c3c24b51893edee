package dev.airlock.identity.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.identity.RevocationCheckingVerifier;
import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Revocations for the Lambda function, against the real DynamoDB Local. */
class DynamoDbRevocationsTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void revokeToken_whenAnotherInstanceChecks_takesEffectWithinTheRefreshInterval() {
        String table = LOCAL.newAuditTable("revoke-token");
        DynamoDbRevocations operator = new DynamoDbRevocations(LOCAL.client(), table, clock);
        DynamoDbRevocations function = new DynamoDbRevocations(LOCAL.client(), table, clock);
        assertThat(function.isTokenRevoked("t-1")).isFalse();

        operator.revokeToken("t-1", Duration.ofHours(1));

        assertThat(function.isTokenRevoked("t-1")).as("cached until the refresh").isFalse();
        clock.advance(DynamoDbRevocations.REFRESH_INTERVAL);
        assertThat(function.isTokenRevoked("t-1")).isTrue();
        assertThat(function.isTokenRevoked("t-2")).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(function.isTokenRevoked("t-1")).as("forgotten once no token with it can be alive").isFalse();
    }

    @Test
    void verify_whenRevocationsStayUnreadable_refusesTheTokenRatherThanMissARevocation() throws Exception {
        String table = LOCAL.newAuditTable("revoke-unreadable");
        DynamoDbClient unreachable = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
        AgentIdentity agent = new AgentIdentity("ops-bot", "t-9", Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:15:00Z"));
        RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(token -> agent,
                new DynamoDbRevocations(unreachable, table, clock));

        assertThatThrownBy(() -> verifier.verify("any"))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("cannot check revocations");
    }
}
