package dev.airlock.audit.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.audit.AuditRecord;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One finished request as an OCSF 1.3.0 API Activity event (class 6003, category 6,
 * Application Activity), built from its intent and outcome records. The schema facts used
 * here, and the mapping, are in docs/audit.md ("Export for SIEMs"):
 *
 * <ul>
 *   <li>required by the class: {@code activity_id}, {@code category_uid}, {@code class_uid},
 *       {@code severity_id}, {@code time}, {@code type_uid}, {@code metadata} (with
 *       {@code product} and {@code version}), {@code actor}, {@code api} (with
 *       {@code operation}) and {@code src_endpoint};</li>
 *   <li>{@code cloud} (with {@code provider}) is required by the Cloud profile, which the event
 *       declares in {@code metadata.profiles};</li>
 *   <li>{@code type_uid} is {@code class_uid * 100 + activity_id}; times are epoch milliseconds.</li>
 * </ul>
 *
 * Values come from the trail as stored, so the event holds nothing the trail does not: the
 * statement and parameters are the masked ones.
 */
final class OcsfApiActivity {
    static final String VERSION = "1.3.0";
    static final int CLASS_UID = 6003;
    static final int CATEGORY_UID = 6;
    static final String CLASS_NAME = "API Activity";
    static final String CATEGORY_NAME = "Application Activity";
    static final String PRODUCT = "Airlock";

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private OcsfApiActivity() {
    }

    /** CRUD kinds map to their activity; other kinds are Other, named in activity_name; none is Unknown. */
    record Activity(int id, String caption, String name) {
        static Activity of(Optional<String> kind) {
            if (kind.isEmpty()) {
                return new Activity(0, "Unknown", "Unknown");
            }
            return switch (kind.get()) {
                case "sql:insert" -> new Activity(1, "Create", "Create");
                case "sql:select" -> new Activity(2, "Read", "Read");
                case "sql:update" -> new Activity(3, "Update", "Update");
                case "sql:delete" -> new Activity(4, "Delete", "Delete");
                default -> new Activity(99, "Other", kind.get());
            };
        }
    }

    /** How serious the outcome is for someone watching: a denial or a gap needs a look. */
    record Severity(int id, String caption) {
        static Severity of(String status) {
            return switch (status) {
                case "COMPLETED" -> new Severity(1, "Informational");
                case "PENDING_APPROVAL", "REJECTED", "FAILED" -> new Severity(2, "Low");
                case "DENIED", "UNAUTHENTICATED" -> new Severity(3, "Medium");
                // It may or may not have run: someone has to find out.
                case "OUTCOME_UNKNOWN" -> new Severity(4, "High");
                default -> new Severity(0, "Unknown");
            };
        }
    }

    /** Success only for a request that ran and answered; a held request is neither. */
    record Status(int id, String caption) {
        static Status of(String status) {
            return switch (status) {
                case "COMPLETED" -> new Status(1, "Success");
                case "OUTCOME_UNKNOWN" -> new Status(0, "Unknown");
                case "PENDING_APPROVAL" -> new Status(99, "Pending approval");
                default -> new Status(2, "Failure");
            };
        }
    }

    static ObjectNode event(AuditRecord intent, AuditRecord outcome, String logName) {
        AuditEntry entry = new AuditEntry(intent, Optional.of(outcome));
        String requestId = entry.requestId();
        Activity activity = Activity.of(entry.kind());
        String status = entry.status();
        Severity severity = Severity.of(status);
        Status outcomeStatus = Status.of(status);
        long time = entry.at().toEpochMilli();

        ObjectNode event = NODES.objectNode();
        event.put("activity_id", activity.id());
        event.put("activity_name", activity.name());
        event.put("category_uid", CATEGORY_UID);
        event.put("category_name", CATEGORY_NAME);
        event.put("class_uid", CLASS_UID);
        event.put("class_name", CLASS_NAME);
        event.put("type_uid", CLASS_UID * 100L + activity.id());
        event.put("type_name", CLASS_NAME + ": " + activity.caption());
        event.put("severity_id", severity.id());
        event.put("severity", severity.caption());
        event.put("status_id", outcomeStatus.id());
        event.put("status", outcomeStatus.caption());
        event.put("status_detail", status);
        entry.problem().ifPresent(problem -> event.put("status_code", problem));
        event.put("time", time);
        event.put("start_time", time);
        entry.completedAt().map(Instant::toEpochMilli).ifPresent(end -> event.put("end_time", end));
        entry.durationMillis().ifPresent(duration -> event.put("duration", duration));

        ObjectNode actor = event.putObject("actor");
        entry.agentId().ifPresent(agent -> actor.putObject("user").put("uid", agent).put("name", agent));
        intent.tokenId().ifPresent(token -> actor.putObject("session").put("uid", token));

        ObjectNode api = event.putObject("api");
        api.put("operation", entry.kind().orElse("unclassified"));
        api.putObject("request").put("uid", requestId);
        api.putObject("service").put("name", "airlock");

        ObjectNode source = event.putObject("src_endpoint");
        intent.sourceIp().ifPresent(ip -> source.put("ip", ip));

        ArrayNode resources = NODES.arrayNode();
        entry.target().ifPresent(target -> resources.addObject().put("name", target).put("type", "database"));
        Set<String> tables = new LinkedHashSet<>(entry.tablesRead());
        tables.addAll(entry.tablesWritten());
        tables.forEach(table -> resources.addObject().put("name", table).put("type", "table"));
        if (!resources.isEmpty()) {
            event.set("resources", resources);
        }

        event.putObject("cloud").put("provider", "AWS");

        ObjectNode metadata = event.putObject("metadata");
        metadata.put("version", VERSION);
        metadata.putObject("product").put("name", PRODUCT).put("vendor_name", PRODUCT);
        metadata.put("uid", requestId);
        metadata.put("log_name", logName);
        metadata.put("original_time", intent.at().toString());
        metadata.putArray("profiles").add("cloud");

        event.set("unmapped", unmapped(intent, outcome));
        return event;
    }

    /** What OCSF has no attribute for, under the trail's own names. */
    private static ObjectNode unmapped(AuditRecord intentRecord, AuditRecord outcomeRecord) {
        ObjectNode intent = AuditRecordJson.flat(intentRecord);
        ObjectNode outcome = AuditRecordJson.flat(outcomeRecord);
        ObjectNode unmapped = NODES.objectNode();
        copy(intent, unmapped, "statement", "params", "requestSha256", "risk", "tablesRead", "tablesWritten",
                "policyIds", "decisionReason");
        copy(intent, "effect", unmapped, "decision");
        copy(outcome, unmapped, "rowCount", "rowsAffected", "maskedCounts", "problem", "problemDetail",
                "credentials");
        // Where the two records sit in their hash chain, to look them up or verify them.
        ObjectNode trail = unmapped.putObject("trail");
        copy(outcome, "chain", trail, "chain");
        copy(intent, "seq", trail, "intentSeq");
        copy(intent, "hash", trail, "intentHash");
        copy(outcome, "seq", trail, "outcomeSeq");
        copy(outcome, "hash", trail, "outcomeHash");
        return unmapped;
    }

    private static void copy(ObjectNode record, ObjectNode into, String... names) {
        for (String name : names) {
            copy(record, name, into, name);
        }
    }

    private static void copy(ObjectNode record, String name, ObjectNode into, String as) {
        if (record.has(name)) {
            into.set(as, record.get(name));
        }
    }
}
