package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.Items;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The hash chains of the audit table. Records are spread over {@link #COUNT} chains by request
 * id (both records of a request share one), so concurrent requests append in parallel. A
 * chain's positions are link items in the same table: partition {@code chain#c7}, sort key the
 * zero-padded position, pointing at the record and repeating its hash. The head each writer
 * remembers is only a cache; the link items are the truth.
 */
final class AuditChains {
    static final int COUNT = 16;
    static final String LINK_PREFIX = "chain#";
    static final String DIGEST_PARTITION = "digest#heads";
    private static final int POSITION_DIGITS = 12;

    /** Position and hash of a chain's newest record; position 0 and the genesis hash when empty. */
    record Head(long seq, String hash) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, Head> heads = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    AuditChains(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String chainOf(String requestId) {
        CRC32 crc = new CRC32();
        crc.update(requestId.getBytes(StandardCharsets.UTF_8));
        return "c" + (crc.getValue() % COUNT);
    }

    static List<String> all() {
        return java.util.stream.IntStream.range(0, COUNT).mapToObj(i -> "c" + i).toList();
    }

    /**
     * Bookkeeping items (chain links, digests, export cursors) share the table with records;
     * their partition names hold a {@code #}, which no request id does.
     */
    static boolean isBookkeeping(String requestId) {
        return AirlockTables.isBookkeeping(requestId);
    }

    static String position(long seq) {
        return String.format("%0" + POSITION_DIGITS + "d", seq);
    }

    static Map<String, AttributeValue> link(String chain, long seq, String requestId, String phase, String hash) {
        return Map.of("requestId", Items.s(LINK_PREFIX + chain), "phase", Items.s(position(seq)),
                "recordId", Items.s(requestId), "recordPhase", Items.s(phase), "hash", Items.s(hash));
    }

    Object lock(String chain) {
        return locks.computeIfAbsent(chain, c -> new Object());
    }

    Head head(String chain) {
        return heads.computeIfAbsent(chain, this::readHead);
    }

    void advance(String chain, Head head) {
        heads.put(chain, head);
    }

    void forget(String chain) {
        heads.remove(chain);
    }

    private Head readHead(String chain) {
        return readHead(dynamo, table, chain);
    }

    /** The chain's head as the table has it now, read consistently. */
    static Head readHead(DynamoDbClient dynamo, String table, String chain) {
        QueryResponse newest = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("requestId = :chain")
                .expressionAttributeValues(Map.of(":chain", Items.s(LINK_PREFIX + chain)))
                .scanIndexForward(false).limit(1));
        if (newest.items().isEmpty()) {
            return new Head(0, AuditHash.GENESIS);
        }
        Map<String, AttributeValue> link = newest.items().getFirst();
        return new Head(Long.parseLong(link.get("phase").s()), link.get("hash").s());
    }
}
