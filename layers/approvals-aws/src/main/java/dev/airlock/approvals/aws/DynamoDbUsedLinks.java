package dev.airlock.approvals.aws;

import dev.airlock.aws.support.OneTimeClaims;

import dev.airlock.identity.UsedLinks;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;

/**
 * Used approval links for the Lambda functions (and the local gateway's DynamoDB Local): one item
 * per link id in the audit table, partition {@code approval-link#<sha-256 of the jti>}, so that
 * of all instances exactly one accepts a link (see {@link OneTimeClaims}). An expired item no
 * longer counts: the link has expired by then and is refused for that reason instead.
 */
public final class DynamoDbUsedLinks implements UsedLinks {
    static final String PARTITION_PREFIX = "approval-link#";
    static final String PHASE = "used";

    private final OneTimeClaims claims;
    private final String table;

    public DynamoDbUsedLinks(DynamoDbClient dynamo, String table, Clock clock) {
        this.claims = new OneTimeClaims(dynamo, table, PARTITION_PREFIX, PHASE, clock);
        this.table = table;
    }

    @Override
    public boolean claim(String linkId, Instant until) {
        return claims.claim(linkId, until);
    }

    @Override
    public String toString() {
        return "DynamoDbUsedLinks[table=" + table + "]";
    }
}
