package dev.airlock.identity.aws;

import dev.airlock.aws.support.OneTimeClaims;

import dev.airlock.identity.TradedRequests;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;

/**
 * Traded AWS IAM requests for the Lambda function: one item per signature in the audit table,
 * partition {@code exchange#<sha-256 of the signature>}, so that of all instances exactly one
 * trades a signed request (see {@link OneTimeClaims}).
 */
public final class DynamoDbTradedRequests implements TradedRequests {
    static final String PARTITION_PREFIX = "exchange#";
    static final String PHASE = "aws-iam";

    private final OneTimeClaims claims;
    private final String table;

    public DynamoDbTradedRequests(DynamoDbClient dynamo, String table) {
        this.claims = new OneTimeClaims(dynamo, table, PARTITION_PREFIX, PHASE, Clock.systemUTC());
        this.table = table;
    }

    @Override
    public boolean claim(String signature, Instant until) {
        return claims.claim(signature, until);
    }

    @Override
    public String toString() {
        return "DynamoDbTradedRequests[table=" + table + "]";
    }
}
