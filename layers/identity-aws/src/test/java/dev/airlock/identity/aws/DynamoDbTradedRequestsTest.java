package dev.airlock.identity.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** One trade per signed request across every function instance, against the real DynamoDB Local. */
class DynamoDbTradedRequestsTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private static final String SIGNATURE = "9f".repeat(32);

    @Test
    void claim_whenTheEarlierTradeHasExpired_acceptsItAgainAndStoresNoSignature() {
        String table = LOCAL.newAuditTable("traded-expired");
        DynamoDbTradedRequests store = new DynamoDbTradedRequests(LOCAL.client(), table);

        assertThat(store.claim(SIGNATURE, Instant.now().minusSeconds(5))).isTrue();
        assertThat(store.claim(SIGNATURE, Instant.now().plusSeconds(1800))).isTrue();
        assertThat(LOCAL.client().scan(b -> b.tableName(table)).items().toString()).doesNotContain(SIGNATURE);
    }
}
