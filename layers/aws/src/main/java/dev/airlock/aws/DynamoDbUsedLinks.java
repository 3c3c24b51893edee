package dev.airlock.aws;

import dev.airlock.identity.UsedLinks;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Used approval links for the Lambda functions: one item per link id in the audit table
 * (partition {@code approval-link#<sha-256 of the jti>}, bookkeeping the audit verifier skips),
 * written with a condition so that of all instances exactly one accepts a link. Items carry
 * {@code expiresAt} for DynamoDB's TTL; an expired item no longer counts (the link has expired
 * by then, so it is refused for that reason instead).
 */
public final class DynamoDbUsedLinks implements UsedLinks {
    static final String PARTITION_PREFIX = "approval-link#";
    static final String PHASE = "used";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbUsedLinks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean claim(String linkId, Instant until) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("requestId", Items.s(PARTITION_PREFIX + sha256(linkId)), "phase", Items.s(PHASE),
                            "expiresAt", Items.n(until.getEpochSecond())))
                    // A leftover whose TTL has passed but which DynamoDB has not deleted yet may be replaced.
                    .conditionExpression("attribute_not_exists(requestId) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", Items.n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException used) {
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
        return "DynamoDbUsedLinks[table=" + table + "]";
    }
}
