package dev.airlock.aws;

import dev.airlock.identity.TradedRequests;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Traded AWS IAM requests for the Lambda function: one item per signature in the audit table
 * (partition {@code exchange#<sha-256 of the signature>}, bookkeeping the audit verifier skips),
 * written with a condition so that of all instances exactly one trades a signed request. Items
 * carry {@code expiresAt} for DynamoDB's TTL; an expired item no longer counts.
 */
public final class DynamoDbTradedRequests implements TradedRequests {
    static final String PARTITION_PREFIX = "exchange#";
    static final String PHASE = "aws-iam";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTradedRequests(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean claim(String signature, Instant until) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("requestId", Items.s(PARTITION_PREFIX + sha256(signature)), "phase", Items.s(PHASE),
                            "expiresAt", Items.n(until.getEpochSecond())))
                    // A leftover whose TTL has passed but which DynamoDB has not deleted yet may be replaced.
                    .conditionExpression("attribute_not_exists(requestId) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", Items.n(Instant.now().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException traded) {
            return false;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DynamoDbTradedRequests[table=" + table + "]";
    }
}
