package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.Items;
import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.Effect;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one mapping between {@link AuditRecord} and the audit table's items; every writer (the
 * table, the journal) and every reader (trail, verifier, exporter) goes through it. Item
 * attribute names are the trail's documented ones (docs/audit.md), so records written before
 * this type existed read back, and hash, exactly as they were.
 *
 * <p>Reading fails closed: a missing or unknown attribute, a wrong type, or a value not in the
 * form {@link #toItem} writes is a {@link MalformedAuditRecordException}. So a record read back
 * maps to exactly the item it came from, and its hash is the hash of that item.
 */
public final class AuditItems {
    static final String INTENT = "intent";
    static final String OUTCOME = "outcome";
    /** Phases of a held request's approval records start with this, then their time and kind. */
    static final String APPROVAL_PREFIX = "approval#";

    private AuditItems() {
    }

    /** The record's item: its key ({@code requestId}, {@code phase}), its attributes and, once chained, its chain place and hash. */
    public static Map<String, AttributeValue> toItem(AuditRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("requestId", Items.s(record.requestId()));
        item.put("phase", Items.s(phase(record)));
        item.put("at", Items.s(record.at().toString()));
        switch (record.kind()) {
            case INTENT -> intent(record, item);
            case OUTCOME -> outcome(record, item);
            case APPROVAL_STEP -> approval(record, item);
        }
        record.chain().ifPresent(c -> {
            item.put("chain", Items.s(c.chain()));
            item.put("seq", Items.n(c.seq()));
            item.put("prevHash", Items.s(c.prevHash()));
        });
        record.hash().ifPresent(h -> item.put("hash", Items.s(h)));
        return item;
    }

    /** The item's sort key: {@code intent}, {@code outcome} or {@code approval#<time>#<step>}. */
    public static String phase(AuditRecord record) {
        return switch (record.kind()) {
            case INTENT -> INTENT;
            case OUTCOME -> OUTCOME;
            case APPROVAL_STEP -> APPROVAL_PREFIX + AirlockTables.timeKey(record.at()) + "#"
                    + record.approvalStep().orElseThrow().word();
        };
    }

    private static void intent(AuditRecord record, Map<String, AttributeValue> item) {
        item.put(AirlockTables.TIME_KEY, Items.s(AirlockTables.timeKey(record.at())));
        Items.putIfPresent(item, "agentId", record.agentId());
        Items.putIfPresent(item, "tokenId", record.tokenId());
        Items.putIfPresent(item, "target", record.target());
        Items.putIfPresent(item, "statement", record.statement());
        if (!record.params().isEmpty()) {
            item.put("params", Items.strings(record.params()));
        }
        Items.putIfPresent(item, "requestSha256", record.requestSha256());
        // The action is stored as "kind", the name the trail and its indexes had before protocols.
        Items.putIfPresent(item, "kind", record.action());
        Items.putIfPresent(item, "protocol", record.protocol());
        record.risk().ifPresent(r -> item.put("risk", Items.s(r.name().toLowerCase(Locale.ROOT))));
        item.put("tablesRead", Items.strings(record.resourcesRead()));
        item.put("tablesWritten", Items.strings(record.resourcesWritten()));
        record.effect().ifPresent(e -> item.put("effect", Items.s(e.name())));
        item.put("policyIds", Items.strings(record.policyIds()));
        Items.putIfPresent(item, "decisionReason", record.decisionReason());
        Items.putIfPresent(item, "sourceIp", record.sourceIp());
        Items.putIfPresent(item, "approvalOf", record.approvalOf());
    }

    private static void outcome(AuditRecord record, Map<String, AttributeValue> item) {
        item.put("status", Items.s(record.status().orElseThrow().name()));
        item.put("durationMillis", Items.n(record.durationMillis().orElseThrow()));
        Items.putIfPresent(item, "rowCount", record.rowCount());
        Items.putIfPresent(item, "rowsAffected", record.rowsAffected());
        Map<String, AttributeValue> counts = new LinkedHashMap<>();
        record.maskedCounts().forEach((type, n) -> counts.put(type, Items.n(n)));
        item.put("maskedCounts", AttributeValue.fromM(counts));
        record.problem().ifPresent(p -> item.put("problem", Items.s(p.slug())));
        Items.putIfPresent(item, "problemDetail", record.problemDetail());
        // Which credentials ran the request, never their secrets. Absent on older records and on
        // requests that ended before the broker; the record hash covers it like any attribute.
        record.credentials().ifPresent(c -> {
            Map<String, AttributeValue> credentials = new HashMap<>();
            credentials.put("kind", Items.s(c.kind()));
            credentials.put("principal", Items.s(c.principal()));
            c.sessionName().ifPresent(name -> credentials.put("sessionName", Items.s(name)));
            item.put("credentials", AttributeValue.fromM(credentials));
        });
        // The target's own id of the call (AWS's request id), absent for databases.
        Items.putIfPresent(item, "detail", record.detail());
    }

    private static void approval(AuditRecord record, Map<String, AttributeValue> item) {
        item.put(AirlockTables.TIME_KEY, Items.s(AirlockTables.timeKey(record.at())));
        item.put("event", Items.s(record.approvalStep().orElseThrow().word()));
        Items.putIfPresent(item, "approverId", record.approverId());
        Items.putIfPresent(item, "detail", record.detail());
        Items.putIfPresent(item, "executionId", record.executionId());
    }

    /**
     * The record an item holds.
     *
     * @throws MalformedAuditRecordException if the item is not exactly what {@link #toItem} writes
     *                                       for some record
     */
    public static AuditRecord fromItem(Map<String, AttributeValue> item) {
        Reader in = new Reader(item);
        String requestId = in.text("requestId");
        String phase = in.text("phase");
        in.name = requestId + "/" + phase;
        AuditRecord.Kind kind = INTENT.equals(phase) ? AuditRecord.Kind.INTENT
                : OUTCOME.equals(phase) ? AuditRecord.Kind.OUTCOME
                : phase.startsWith(APPROVAL_PREFIX) ? AuditRecord.Kind.APPROVAL_STEP
                : null;
        if (kind == null) {
            throw new MalformedAuditRecordException(in.name, "has an unknown phase");
        }
        AuditRecord.Builder record = AuditRecord.builder(kind, requestId, in.instant("at"));
        switch (kind) {
            case INTENT -> {
                in.text(AirlockTables.TIME_KEY);
                record.agentId(in.optionalText("agentId")).tokenId(in.optionalText("tokenId"))
                        .target(in.optionalText("target")).statement(in.optionalText("statement"))
                        .params(in.optionalStrings("params").orElse(List.of()))
                        .requestSha256(in.optionalText("requestSha256")).action(in.optionalText("kind"))
                        .protocol(in.optionalText("protocol"))
                        .risk(in.optionalText("risk").map(r -> in.constant("risk", r, RiskClass.values(),
                                c -> c.name().toLowerCase(Locale.ROOT))))
                        .resourcesRead(in.optionalStrings("tablesRead").orElse(List.of()))
                        .resourcesWritten(in.optionalStrings("tablesWritten").orElse(List.of()))
                        .effect(in.optionalText("effect").map(e -> in.constant("effect", e, Effect.values(),
                                Effect::name)))
                        .policyIds(in.optionalStrings("policyIds").orElse(List.of())).decisionReason(in.optionalText("decisionReason"))
                        .sourceIp(in.optionalText("sourceIp")).approvalOf(in.optionalText("approvalOf"));
            }
            case OUTCOME -> record
                    .status(Optional.of(in.constant("status", in.text("status"), RequestStatus.values(),
                            RequestStatus::name)))
                    .durationMillis(Optional.of(in.number("durationMillis")))
                    .rowCount(in.optionalNumber("rowCount")).rowsAffected(in.optionalNumber("rowsAffected"))
                    .maskedCounts(in.counts("maskedCounts"))
                    .problem(in.optionalText("problem").map(p -> in.constant("problem", p, ProblemKind.values(),
                            ProblemKind::slug)))
                    .problemDetail(in.optionalText("problemDetail"))
                    .credentials(in.credentials("credentials")).detail(in.optionalText("detail"));
            case APPROVAL_STEP -> {
                in.text(AirlockTables.TIME_KEY);
                record.approvalStep(Optional.of(in.constant("event", in.text("event"), ApprovalEvent.Kind.values(),
                                ApprovalEvent.Kind::word)))
                        .approverId(in.optionalText("approverId")).detail(in.optionalText("detail"))
                        .executionId(in.optionalText("executionId"));
            }
        }
        Optional<String> chain = in.optionalText("chain");
        Optional<Long> seq = in.optionalNumber("seq");
        Optional<String> prevHash = in.optionalText("prevHash");
        if (chain.isPresent() != seq.isPresent() || chain.isPresent() != prevHash.isPresent()) {
            throw new MalformedAuditRecordException(in.name, "has part of a chain place: chain, seq and prevHash "
                    + "come together");
        }
        if (chain.isPresent()) {
            try {
                record.chain(Optional.of(new AuditRecord.ChainPosition(chain.get(), seq.get(), prevHash.get())));
            } catch (IllegalArgumentException e) {
                throw new MalformedAuditRecordException(in.name, "has an impossible chain place: " + e.getMessage());
            }
        }
        record.hash(in.optionalText("hash"));
        in.nothingElse();
        AuditRecord read;
        try {
            read = record.build();
        } catch (IllegalArgumentException e) {
            throw new MalformedAuditRecordException(in.name, "is incomplete: " + e.getMessage());
        }
        sameAsWritten(in.name, item, toItem(read));
        return read;
    }

    /**
     * The record must map back to the very item it was read from (times, numbers, derived keys
     * and all), so what is hashed, verified and exported is exactly what is stored.
     */
    private static void sameAsWritten(String name, Map<String, AttributeValue> stored,
                                      Map<String, AttributeValue> written) {
        Set<String> names = new TreeSet<>(stored.keySet());
        names.addAll(written.keySet());
        for (String attribute : names) {
            AttributeValue was = stored.get(attribute);
            AttributeValue is = written.get(attribute);
            if (was == null && is != null && emptyCollection(is)) {
                // An empty list or map the writer adds, missing from an item written without it (an
                // older gateway, or a crash record): it carries nothing, so reading it changes nothing.
                continue;
            }
            if (was == null || is == null || !AuditHash.encode(was).equals(AuditHash.encode(is))) {
                throw new MalformedAuditRecordException(name, "has '" + attribute
                        + "' in a form the gateway does not write");
            }
        }
    }

    private static boolean emptyCollection(AttributeValue value) {
        return (value.hasL() && value.l().isEmpty()) || (value.hasM() && value.m().isEmpty());
    }

    /** Reads attributes by name, remembering which were read, so unknown ones are caught. */
    private static final class Reader {
        private final Map<String, AttributeValue> item;
        private final Set<String> read = new HashSet<>();
        private String name = "(without a key)";

        Reader(Map<String, AttributeValue> item) {
            this.item = item;
        }

        private AttributeValue required(String attribute) {
            AttributeValue value = item.get(attribute);
            read.add(attribute);
            if (value == null) {
                throw new MalformedAuditRecordException(name, "has no '" + attribute + "'");
            }
            return value;
        }

        String text(String attribute) {
            AttributeValue value = required(attribute);
            if (value.s() == null) {
                throw wrongType(attribute, "a string");
            }
            return value.s();
        }

        Optional<String> optionalText(String attribute) {
            return item.containsKey(attribute) ? Optional.of(text(attribute)) : Optional.empty();
        }

        long number(String attribute) {
            return number(attribute, required(attribute));
        }

        private long number(String attribute, AttributeValue value) {
            if (value.n() == null) {
                throw wrongType(attribute, "a number");
            }
            try {
                return Long.parseLong(value.n());
            } catch (NumberFormatException e) {
                throw new MalformedAuditRecordException(name, "has '" + attribute + "' that is not a whole number", e);
            }
        }

        Optional<Long> optionalNumber(String attribute) {
            return item.containsKey(attribute) ? Optional.of(number(attribute)) : Optional.empty();
        }

        Instant instant(String attribute) {
            String text = text(attribute);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new MalformedAuditRecordException(name, "has '" + attribute + "' that is not a time", e);
            }
        }

        List<String> strings(String attribute) {
            AttributeValue value = required(attribute);
            if (!value.hasL() || value.l().stream().anyMatch(v -> v.s() == null)) {
                throw wrongType(attribute, "a list of strings");
            }
            return value.l().stream().map(AttributeValue::s).toList();
        }

        Optional<List<String>> optionalStrings(String attribute) {
            return item.containsKey(attribute) ? Optional.of(strings(attribute)) : Optional.empty();
        }

        Map<String, Long> counts(String attribute) {
            AttributeValue value = required(attribute);
            if (!value.hasM()) {
                throw wrongType(attribute, "a map of numbers");
            }
            Map<String, Long> counts = new TreeMap<>();
            value.m().forEach((type, n) -> counts.put(type, number(attribute + "." + type, n)));
            return counts;
        }

        Optional<CredentialsUsed> credentials(String attribute) {
            if (!item.containsKey(attribute)) {
                return Optional.empty();
            }
            AttributeValue value = required(attribute);
            if (!value.hasM()) {
                throw wrongType(attribute, "a map");
            }
            Reader inner = new Reader(value.m());
            inner.name = name + " " + attribute;
            CredentialsUsed used = new CredentialsUsed(inner.text("kind"), inner.text("principal"),
                    inner.optionalText("sessionName"));
            inner.nothingElse();
            return Optional.of(used);
        }

        <E> E constant(String attribute, String text, E[] values, Function<E, String> stored) {
            return Arrays.stream(values).filter(v -> stored.apply(v).equals(text)).findFirst()
                    .orElseThrow(() -> new MalformedAuditRecordException(name, "has an unknown " + attribute
                            + " '" + text + "'"));
        }

        void nothingElse() {
            Set<String> unknown = new TreeSet<>(item.keySet());
            unknown.removeAll(read);
            if (!unknown.isEmpty()) {
                throw new MalformedAuditRecordException(name, "has unknown attributes " + unknown);
            }
        }

        private MalformedAuditRecordException wrongType(String attribute, String expected) {
            return new MalformedAuditRecordException(name, "has '" + attribute + "' that is not " + expected);
        }
    }
}
