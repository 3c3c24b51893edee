package dev.airlock.audit.aws;

import dev.airlock.audit.ExportCursor;
import dev.airlock.audit.ExportFormat;
import dev.airlock.audit.ExportSink;
import dev.airlock.aws.support.Items;
import dev.airlock.core.audit.AuditRecord;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Exports what was appended to the audit trail since the last export, for a SIEM. It walks
 * each hash chain from the sink's cursor in position order (the link items,
 * {@link AuditChains}), fetches the records the links point at, and hands the sink one line
 * per record (JSONL) or one OCSF event per finished request. The sink commits the new cursor
 * after the lines, so a run that dies exports the same records again instead of losing them.
 *
 * <p>In OCSF mode the event is emitted at the request's outcome record, which always sits
 * after its intent in the same chain: an intent whose outcome has not landed yet is passed by
 * the cursor, and its event comes with the export that reaches the outcome (the intent is read
 * back then). Reads only; nothing in the trail changes.
 */
public final class AuditExporter {
    /** Links per query page; also the most keys one BatchGetItem takes. */
    private static final int PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    /**
     * What one export did.
     *
     * @param records records read past the cursor and exported (as lines, or joined into events)
     * @param events  OCSF events written; 0 for JSONL
     * @param skipped chain positions whose record is gone or no longer a record as written, and
     *                outcomes whose intent is: the trail was changed ({@link DynamoDbAuditVerifier}
     *                names how)
     * @param cursor  where the next export starts
     */
    public record Result(int records, int events, int skipped, ExportCursor cursor) {
        /** Nothing was appended since the last export; the cursor did not move. */
        public boolean nothingNew() {
            return records == 0 && skipped == 0;
        }
    }

    public AuditExporter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Result export(ExportFormat format, ExportSink sink) throws IOException {
        ExportCursor start = sink.cursor();
        ExportCursor cursor = start;
        int records = 0;
        int events = 0;
        int skipped = 0;
        for (String chain : AuditChains.all()) {
            Map<String, AttributeValue> from = null;
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("requestId = :chain AND phase > :after")
                        .expressionAttributeValues(Map.of(
                                ":chain", Items.s(AuditChains.LINK_PREFIX + chain),
                                ":after", Items.s(AuditChains.position(cursor.position(chain)))))
                        .limit(PAGE).exclusiveStartKey(from).build());
                List<Map<String, AttributeValue>> links = page.items();
                Map<String, AuditRecord> found = fetch(links.stream()
                        .map(l -> key(l.get("recordId").s(), l.get("recordPhase").s())).toList());
                if (format == ExportFormat.OCSF) {
                    found.putAll(fetch(links.stream()
                            .filter(l -> AuditItems.OUTCOME.equals(l.get("recordPhase").s()))
                            .map(l -> key(l.get("recordId").s(), AuditItems.INTENT))
                            .filter(k -> !found.containsKey(id(k)))
                            .toList()));
                }
                List<String> lines = new ArrayList<>();
                for (Map<String, AttributeValue> link : links) {
                    String requestId = link.get("recordId").s();
                    String phase = link.get("recordPhase").s();
                    AuditRecord record = found.get(requestId + "/" + phase);
                    cursor = cursor.advance(chain, Long.parseLong(link.get("phase").s()));
                    if (record == null) {
                        skipped++;
                        continue;
                    }
                    if (format == ExportFormat.JSONL) {
                        lines.add(AuditRecordJson.flat(record).toString());
                    } else if (AuditItems.OUTCOME.equals(phase)) {
                        AuditRecord intent = found.get(requestId + "/" + AuditItems.INTENT);
                        if (intent == null) {
                            skipped++;
                            continue;
                        }
                        lines.add(OcsfApiActivity.event(intent, record, table).toString());
                        events++;
                    }
                    records++;
                }
                if (!lines.isEmpty()) {
                    sink.write(lines);
                }
                from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (from != null);
        }
        if (!cursor.equals(start)) {
            sink.commit(cursor);
        }
        return new Result(records, events, skipped, cursor);
    }

    private static Map<String, AttributeValue> key(String requestId, String phase) {
        return Map.of("requestId", Items.s(requestId), "phase", Items.s(phase));
    }

    private static String id(Map<String, AttributeValue> key) {
        return key.get("requestId").s() + "/" + key.get("phase").s();
    }

    /**
     * The records with these keys, by {@code requestId/phase}; missing ones are absent, and so
     * are items that are no longer records as the gateway wrote them: nothing altered is exported.
     */
    private Map<String, AuditRecord> fetch(List<Map<String, AttributeValue>> keys) {
        Map<String, AuditRecord> found = new HashMap<>();
        List<Map<String, AttributeValue>> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int i = 0; i < distinct.size(); i += PAGE) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().consistentRead(true)
                    .keys(distinct.subList(i, Math.min(distinct.size(), i + PAGE))).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(pending));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    try {
                        found.put(id(item), AuditItems.fromItem(item));
                    } catch (MalformedAuditRecordException altered) {
                        // counted as skipped where its position comes up; verify names it
                    }
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }
}
