package dev.airlock.approvals.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.LocalDynamoDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** One use per approval link across every function instance, against the real DynamoDB Local. */
class DynamoDbUsedLinksTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private static final String LINK_ID = "5b0c3f7e-1d2a-4c55-9f00-6a1b2c3d4e5f";

    @Test
    void claim_keepsBookkeepingOnlyAndNoLinkId() {
        String table = LOCAL.newAuditTable("links-bookkeeping");
        DynamoDbUsedLinks store = new DynamoDbUsedLinks(LOCAL.client(), table, Clock.systemUTC());

        assertThat(store.claim(LINK_ID, Instant.now().minusSeconds(5))).isTrue();
        assertThat(store.claim(LINK_ID, Instant.now().plusSeconds(3600))).isTrue();
        String items = LOCAL.client().scan(b -> b.tableName(table)).items().toString();
        assertThat(items).doesNotContain(LINK_ID).contains(DynamoDbUsedLinks.PARTITION_PREFIX);
        assertThat(AirlockTables.isBookkeeping(DynamoDbUsedLinks.PARTITION_PREFIX + "0")).isTrue();
    }
}
