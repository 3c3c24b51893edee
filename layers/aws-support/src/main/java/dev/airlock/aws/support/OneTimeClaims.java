package dev.airlock.aws.support;

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
 * Things that may be used once (a traded signed request, an approval link), as items in the
 * audit table: partition {@code <prefix><sha-256 of the key>} (bookkeeping the audit verifier
 * skips; the key itself is never stored), written with a condition so that of all callers and
 * instances exactly one claims it. Items carry {@code expiresAt} for DynamoDB's TTL; an expired
 * item no longer counts.
 */
public final class OneTimeClaims {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String partitionPrefix;
    private final String phase;
    private final Clock clock;

    public OneTimeClaims(DynamoDbClient dynamo, String table, String partitionPrefix, String phase, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.partitionPrefix = partitionPrefix;
        this.phase = phase;
        this.clock = clock;
    }

    /** @return true for the first claim, false when it was claimed already and has not expired */
    public boolean claim(String key, Instant until) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("requestId", Items.s(partitionPrefix + sha256(key)), "phase", Items.s(phase),
                            "expiresAt", Items.n(until.getEpochSecond())))
                    // A leftover whose TTL has passed but which DynamoDB has not deleted yet may be replaced.
                    .conditionExpression("attribute_not_exists(requestId) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", Items.n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException claimed) {
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
}
