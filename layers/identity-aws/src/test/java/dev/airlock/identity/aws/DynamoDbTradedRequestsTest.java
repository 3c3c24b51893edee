package dev.airlock.identity.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One trade per signed request across every function instance, against the real DynamoDB Local. */
class DynamoDbTradedRequestsTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private static final String SIGNATURE = "9f".repeat(32);

    @Test
    void claim_whenTwoInstancesTradeOneRequest_onlyTheFirstWins() {
        String table = LOCAL.newAuditTable("traded");
        DynamoDbTradedRequests one = new DynamoDbTradedRequests(LOCAL.client(), table);
        DynamoDbTradedRequests other = new DynamoDbTradedRequests(LOCAL.client(), table);
        Instant until = Instant.now().plusSeconds(1800);

        assertThat(one.claim(SIGNATURE, until)).isTrue();
        assertThat(other.claim(SIGNATURE, until)).isFalse();
        assertThat(other.claim("0a".repeat(32), until)).isTrue();
    }

    @Test
    void claim_whenManyRaceForOneSignature_exactlyOneSucceeds() throws Exception {
        String table = LOCAL.newAuditTable("traded-race");
        Instant until = Instant.now().plusSeconds(1800);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                racers.add(() -> new DynamoDbTradedRequests(LOCAL.client(), table).claim(SIGNATURE, until));
            }
            long winners = 0;
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claim_whenTheEarlierTradeHasExpired_acceptsItAgainAndStoresNoSignature() {
        String table = LOCAL.newAuditTable("traded-expired");
        DynamoDbTradedRequests store = new DynamoDbTradedRequests(LOCAL.client(), table);

        assertThat(store.claim(SIGNATURE, Instant.now().minusSeconds(5))).isTrue();
        assertThat(store.claim(SIGNATURE, Instant.now().plusSeconds(1800))).isTrue();
        assertThat(LOCAL.client().scan(b -> b.tableName(table)).items().toString()).doesNotContain(SIGNATURE);
    }
}
