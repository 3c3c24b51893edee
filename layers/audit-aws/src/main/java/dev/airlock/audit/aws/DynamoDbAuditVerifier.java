package dev.airlock.audit.aws;

import dev.airlock.aws.support.Items;
import dev.airlock.core.audit.AuditRecord;

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
import java.util.Optional;
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
                problem(record, id, where, chain, seq, previousHash, linkHash).ifPresent(problems::add);
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

    /**
     * What is wrong with a chained record, if anything. An item that is no longer a record as the
     * gateway writes it was edited too: its hash cannot be trusted to mean anything.
     */
    private static Optional<String> problem(Map<String, AttributeValue> item, String id, String where, String chain,
                                            long seq, String previousHash, String linkHash) {
        AuditRecord record;
        try {
            record = AuditItems.fromItem(item);
        } catch (MalformedAuditRecordException e) {
            return Optional.of(id + " (" + where + ") was edited: " + e.getMessage());
        }
        String stored = record.hash().orElse(null);
        if (stored == null || !AuditHash.of(record).equals(stored) || !stored.equals(linkHash)) {
            return Optional.of(id + " (" + where + ") was edited: its content no longer matches its hash");
        }
        AuditRecord.ChainPosition position = record.chain().orElseThrow();
        if (!chain.equals(position.chain()) || seq != position.seq()) {
            return Optional.of(id + " (" + where + ") was moved: it claims another position");
        }
        if (!previousHash.equals(position.prevHash())) {
            return Optional.of(id + " (" + where + ") does not follow #" + (seq - 1)
                    + ": records were reordered or one was replaced");
        }
        return Optional.empty();
    }
}
