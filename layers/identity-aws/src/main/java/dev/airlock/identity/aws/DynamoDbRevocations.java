package dev.airlock.identity.aws;

import dev.airlock.aws.support.Items;

import dev.airlock.identity.Revocations;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Revoked gateway tokens and agents for the Lambda function: items in one partition of the
 * audit table ({@value #PARTITION}; the audit verifier skips it like other bookkeeping). Each
 * function instance rereads the partition at most every {@link #REFRESH_INTERVAL}, so a revocation takes
 * effect within seconds; a token id is kept only as long as a gateway token can live. Restoring an
 * agent leaves a {@code restored#} item for a day: the agent's tokens issued before the restore
 * stay refused, so a restore never revives a token minted before the revocation.
 *
 * <p>When the list cannot be read for longer than {@link #STALE_AFTER}, checks fail closed:
 * a revocation must never be missed because DynamoDB was unreachable.
 */
public final class DynamoDbRevocations implements Revocations {
    static final String PARTITION = "revocations#gateway";
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);
    static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final String TOKEN = "token#";
    private static final String AGENT = "agent#";
    private static final String RESTORED = "restored#";
    /** How long a restore time is kept: longer than any gateway token lives, clock skew included. */
    static final Duration RESTORE_REMEMBERED = Duration.ofDays(1);

    private record Snapshot(Set<String> tokens, Set<String> agents, Map<String, Instant> restored, Instant readAt) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private volatile Snapshot current;

    public DynamoDbRevocations(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo);
        this.table = Objects.requireNonNull(table);
        this.clock = Objects.requireNonNull(clock);
    }

    /** @throws IllegalStateException when the revocations have not been readable for a while */
    @Override
    public boolean isTokenRevoked(String tokenId) {
        return snapshot().tokens().contains(tokenId);
    }

    /** @throws IllegalStateException when the revocations have not been readable for a while */
    @Override
    public boolean isAgentRevoked(String agentId) {
        return snapshot().agents().contains(agentId);
    }

    /** @throws IllegalStateException when the revocations have not been readable for a while */
    @Override
    public Optional<Instant> agentRestoredAt(String agentId) {
        return Optional.ofNullable(snapshot().restored().get(agentId));
    }

    /** @param longestTokenLife how long the item must outlive the token; expired items are ignored and TTL-deleted */
    public void revokeToken(String tokenId, Duration longestTokenLife) {
        Instant forgetAt = clock.instant().plus(longestTokenLife);
        put(TOKEN + tokenId, Map.of("forgetAt", Items.n(forgetAt.getEpochSecond()),
                "expiresAt", Items.n(forgetAt.plus(Duration.ofDays(1)).getEpochSecond())));
    }

    public void revokeAgent(String agentId) {
        put(AGENT + agentId, Map.of());
    }

    /**
     * Accepts the agent's new tokens again; every token issued up to now stays refused. The
     * revocation goes and the restore time comes in one transaction, so no moment revives old tokens.
     *
     * @return whether the agent was revoked
     */
    public boolean restoreAgent(String agentId) {
        Instant now = clock.instant();
        Map<String, AttributeValue> restored = new HashMap<>(key(RESTORED + agentId));
        restored.put("restoredAt", Items.s(now.toString()));
        restored.put("expiresAt", Items.n(now.plus(RESTORE_REMEMBERED).getEpochSecond()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(AGENT + agentId))
                            .conditionExpression("attribute_exists(phase)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(restored)).build()));
            return true;
        } catch (TransactionCanceledException e) {
            boolean notRevoked = e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
            if (notRevoked) {
                return false;
            }
            throw e;
        } finally {
            current = null;
        }
    }

    private void put(String phase, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new HashMap<>(key(phase));
        item.put("revokedAt", Items.s(clock.instant().toString()));
        item.putAll(extra);
        dynamo.putItem(b -> b.tableName(table).item(item));
        current = null;
    }

    private static Map<String, AttributeValue> key(String phase) {
        return Map.of("requestId", Items.s(PARTITION), "phase", Items.s(phase));
    }

    private Snapshot snapshot() {
        Snapshot snapshot = current;
        Instant now = clock.instant();
        if (snapshot != null && now.isBefore(snapshot.readAt().plus(REFRESH_INTERVAL))) {
            return snapshot;
        }
        synchronized (this) {
            snapshot = current;
            if (snapshot != null && now.isBefore(snapshot.readAt().plus(REFRESH_INTERVAL))) {
                return snapshot;
            }
            try {
                current = read(now);
                return current;
            } catch (SdkException e) {
                if (snapshot != null && now.isBefore(snapshot.readAt().plus(STALE_AFTER))) {
                    return snapshot;
                }
                throw new IllegalStateException("The revocation list in table " + table + " cannot be read: "
                        + "check that the function's role may dynamodb:Query it.", e);
            }
        }
    }

    private Snapshot read(Instant now) {
        Set<String> tokens = new HashSet<>();
        Set<String> agents = new HashSet<>();
        Map<String, Instant> restored = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("requestId = :p")
                    .expressionAttributeValues(Map.of(":p", Items.s(PARTITION)))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                String phase = item.get("phase").s();
                if (phase.startsWith(AGENT)) {
                    agents.add(phase.substring(AGENT.length()));
                } else if (phase.startsWith(RESTORED)) {
                    // Kept until DynamoDB's TTL deletes it; an unreadable time refuses every older-looking token.
                    AttributeValue at = item.get("restoredAt");
                    restored.put(phase.substring(RESTORED.length()), at == null ? Instant.MAX : Instant.parse(at.s()));
                } else if (phase.startsWith(TOKEN)) {
                    AttributeValue forgetAt = item.get("forgetAt");
                    if (forgetAt == null || Long.parseLong(forgetAt.n()) > now.getEpochSecond()) {
                        tokens.add(phase.substring(TOKEN.length()));
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new Snapshot(Set.copyOf(tokens), Set.copyOf(agents), Map.copyOf(restored), now);
    }

    @Override
    public String toString() {
        return "DynamoDbRevocations[table=" + table + "]";
    }
}
