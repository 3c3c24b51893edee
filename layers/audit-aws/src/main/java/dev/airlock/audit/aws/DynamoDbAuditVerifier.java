package dev.airlock.audit.aws;

import dev.airlock.aws.support.Items;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the audit table against its hash chains and names every record that was edited,
 * deleted, inserted or moved since it was written: each record's hash must match its content,
 * follow the hash of the record before it in its chain, and sit at the position its chain's
 * link says; every record must be in a chain.
 */
public final class DynamoDbAuditVerifier {
    private final DynamoDbClient dynamo;
    private final String table;

    /** What verification found: how many records and signed digests it checked and every problem, named. */
    public record Report(int records, int chains, int digests, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private final Map<String, PublicKey> digestKeys;

    /** {@code digestKeys}: the gateway's public keys by key id, to check the signed digests with. */
    public DynamoDbAuditVerifier(DynamoDbClient dynamo, String table, Map<String, PublicKey> digestKeys) {
        this.dynamo = dynamo;
        this.table = table;
        this.digestKeys = Map.copyOf(digestKeys);
    }

    public Report verify() {
        Map<String, Map<String, AttributeValue>> records = new HashMap<>();
        scanRecords(records);
        List<String> problems = new ArrayList<>();
        Set<String> chained = new HashSet<>();
        Map<String, Map<Long, String>> linkHashes = new HashMap<>();
        int chainsUsed = 0;
        for (String chain : AuditChains.all()) {
            List<Map<String, AttributeValue>> links = links(chain);
            Map<Long, String> hashes = linkHashes.computeIfAbsent(chain, c -> new HashMap<>());
            if (!links.isEmpty()) {
                chainsUsed++;
            }
            String previousHash = AuditHash.GENESIS;
            long expected = 1;
            for (Map<String, AttributeValue> link : links) {
                long seq = Long.parseLong(link.get("phase").s());
                String where = "chain " + chain + " #" + seq;
                if (seq != expected) {
                    problems.add(chain + " skips from #" + (expected - 1) + " to #" + seq
                            + ": a record's position was deleted");
                }
                expected = seq + 1;
                hashes.put(seq, link.get("hash").s());
                String id = link.get("recordId").s() + "/" + link.get("recordPhase").s();
                Map<String, AttributeValue> record = records.get(id);
                String linkHash = link.get("hash").s();
                if (record == null) {
                    problems.add(id + " (" + where + ") was deleted");
                    previousHash = linkHash;
                    continue;
                }
                chained.add(id);
                String stored = text(record, "hash");
                if (stored == null || !AuditHash.of(record).equals(stored) || !stored.equals(linkHash)) {
                    problems.add(id + " (" + where + ") was edited: its content no longer matches its hash");
                } else if (!chain.equals(text(record, "chain")) || !Long.toString(seq).equals(number(record, "seq"))) {
                    problems.add(id + " (" + where + ") was moved: it claims another position");
                } else if (!previousHash.equals(text(record, "prevHash"))) {
                    problems.add(id + " (" + where + ") does not follow #" + (seq - 1)
                            + ": records were reordered or one was replaced");
                }
                previousHash = linkHash;
            }
        }
        for (String id : records.keySet()) {
            if (!chained.contains(id)) {
                problems.add(id + " is in no chain: it was inserted, or written before the trail was chained");
            }
        }
        DynamoDbAuditDigests.Check digests = new DynamoDbAuditDigests(dynamo, table, java.time.Clock.systemUTC())
                .check(digestKeys, linkHashes);
        problems.addAll(digests.problems());
        problems.sort(null);
        return new Report(records.size(), chainsUsed, digests.digests(), problems);
    }

    private void scanRecords(Map<String, Map<String, AttributeValue>> records) {
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                String requestId = item.get("requestId").s();
                if (!AuditChains.isBookkeeping(requestId)) {
                    records.put(requestId + "/" + item.get("phase").s(), item);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private List<Map<String, AttributeValue>> links(String chain) {
        List<Map<String, AttributeValue>> links = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("requestId = :chain")
                    .expressionAttributeValues(Map.of(":chain", Items.s(AuditChains.LINK_PREFIX + chain)))
                    .exclusiveStartKey(start).build());
            links.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return links;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static String number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.n();
    }
}
