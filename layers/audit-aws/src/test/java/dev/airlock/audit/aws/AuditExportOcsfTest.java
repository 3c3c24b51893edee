package dev.airlock.audit.aws;

import dev.airlock.audit.ExportFormat;
import dev.airlock.audit.FileExportSink;
import dev.airlock.aws.support.Items;
import dev.airlock.aws.support.LocalDynamoDb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** OCSF API Activity exports: one event per finished request, each valid against the 1.3.0 class. */
class AuditExportOcsfTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static DynamoDbClient dynamo;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OcsfSchema SCHEMA = OcsfSchema.apiActivity();

    @BeforeAll
    static void start() {
        dynamo = LOCAL.client();
    }

    private static String table() {
        return LOCAL.newAuditTable("ocsf");
    }

    private static SqlClassification classified(StatementKind kind, RiskClass risk, String table) {
        TableRef ref = TableRef.of("public", table);
        return SqlClassification.builder(kind, risk)
                .accesses(List.of(new TableAccess(ref, kind == StatementKind.SELECT ? StatementKind.SELECT : kind)))
                .build();
    }

    private static void intent(DynamoDbAuditLog log, String id, int second, SqlClassification classification,
                               PolicyDecision decision) {
        Instant at = T0.plusSeconds(second);
        AuditIntent.Builder intent = AuditIntent.builder(id, at)
                .agent(new AgentIdentity("ops-bot", "jti-" + id, at, at.plusSeconds(900)))
                .target("demo")
                .statement("select * from customers where email = ?", List.of("[EMAIL]"), "ab".repeat(32))
                .sourceIp("203.0.113.7");
        if (classification != null) {
            intent.classification(classification);
        }
        if (decision != null) {
            intent.decision(decision);
        }
        log.recordIntent(intent.build());
    }

    private static void outcome(DynamoDbAuditLog log, String id, int second, RequestStatus status,
                                ProblemKind problem) {
        log.recordOutcome(new AuditOutcome(id, T0.plusSeconds(second).plusMillis(12), status, 12,
                status == RequestStatus.COMPLETED ? Optional.of(2) : Optional.empty(), Optional.empty(),
                status == RequestStatus.COMPLETED ? Map.of("email", 2) : Map.of(), Optional.ofNullable(problem),
                Optional.ofNullable(problem).map(ProblemKind::title)));
    }

    private static PolicyDecision allow() {
        return PolicyDecision.allow(List.of("ops-read"), "Allowed by policy ops-read.", List.of(), 500);
    }

    private static AuditExporter.Result export(String table, Path file) throws IOException {
        try (FileExportSink sink = FileExportSink.open(file, ExportFormat.OCSF)) {
            return new AuditExporter(dynamo, table).export(ExportFormat.OCSF, sink);
        }
    }

    private static Map<String, JsonNode> events(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            events.add(JSON.readTree(line));
        }
        return events.stream().collect(Collectors.toMap(e -> e.get("metadata").get("uid").asText(),
                Function.identity()));
    }

    @Test
    void export_whenOcsf_writesOneValidEventPerFinishedRequest() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        intent(log, "read", 0, classified(StatementKind.SELECT, RiskClass.READ, "customers"), allow());
        outcome(log, "read", 0, RequestStatus.COMPLETED, null);
        intent(log, "insert", 1, classified(StatementKind.INSERT, RiskClass.WRITE, "orders"), allow());
        outcome(log, "insert", 1, RequestStatus.COMPLETED, null);
        intent(log, "update", 2, classified(StatementKind.UPDATE, RiskClass.WRITE, "orders"), allow());
        outcome(log, "update", 2, RequestStatus.FAILED, ProblemKind.STATEMENT_FAILED);
        intent(log, "delete", 3, classified(StatementKind.DELETE, RiskClass.WRITE, "orders"),
                PolicyDecision.deny(List.of("no-deletes"), "Denied by policy no-deletes."));
        outcome(log, "delete", 3, RequestStatus.DENIED, ProblemKind.POLICY_DENIED);
        intent(log, "ddl", 4, classified(StatementKind.DDL, RiskClass.DDL, "customers"),
                PolicyDecision.deny(List.of(), "No policy allows it."));
        outcome(log, "ddl", 4, RequestStatus.DENIED, ProblemKind.POLICY_DENIED);
        log.recordIntent(AuditIntent.builder("anonymous", T0.plusSeconds(5)).sourceIp("198.51.100.9").build());
        outcome(log, "anonymous", 5, RequestStatus.UNAUTHENTICATED, ProblemKind.UNAUTHENTICATED);
        intent(log, "held", 6, classified(StatementKind.DELETE, RiskClass.WRITE, "orders"), null);
        outcome(log, "held", 6, RequestStatus.PENDING_APPROVAL, null);
        intent(log, "lost", 7, classified(StatementKind.SELECT, RiskClass.READ, "customers"), allow());
        outcome(log, "lost", 7, RequestStatus.OUTCOME_UNKNOWN, null);
        intent(log, "running", 8, classified(StatementKind.SELECT, RiskClass.READ, "customers"), allow());
        Path file = dir.resolve("ocsf-all/audit.ocsf.jsonl");

        AuditExporter.Result result = export(table, file);

        Map<String, JsonNode> events = events(file);
        assertThat(events.keySet()).containsExactlyInAnyOrder("read", "insert", "update", "delete", "ddl",
                "anonymous", "held", "lost");
        assertThat(result.events()).isEqualTo(8);
        assertThat(result.records()).isEqualTo(17);
        events.forEach((id, event) -> assertThat(SCHEMA.problems(event)).as(id + ": " + event).isEmpty());

        JsonNode read = events.get("read");
        assertThat(read.get("activity_id").asInt()).isEqualTo(2);
        assertThat(read.get("type_uid").asLong()).isEqualTo(600302);
        assertThat(read.get("severity_id").asInt()).isEqualTo(1);
        assertThat(read.get("status_id").asInt()).isEqualTo(1);
        assertThat(read.get("status_detail").asText()).isEqualTo("COMPLETED");
        assertThat(read.get("time").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(read.get("duration").asLong()).isEqualTo(12);
        assertThat(read.at("/actor/user/uid").asText()).isEqualTo("ops-bot");
        assertThat(read.at("/actor/session/uid").asText()).isEqualTo("jti-read");
        assertThat(read.at("/api/operation").asText()).isEqualTo("sql:select");
        assertThat(read.at("/api/request/uid").asText()).isEqualTo("read");
        assertThat(read.at("/api/service/name").asText()).isEqualTo("airlock");
        assertThat(read.at("/src_endpoint/ip").asText()).isEqualTo("203.0.113.7");
        assertThat(read.at("/resources/0/name").asText()).isEqualTo("demo");
        assertThat(read.at("/resources/0/type").asText()).isEqualTo("database");
        assertThat(read.at("/resources/1/name").asText()).isEqualTo("public.customers");
        assertThat(read.at("/cloud/provider").asText()).isEqualTo("AWS");
        assertThat(read.at("/metadata/log_name").asText()).isEqualTo(table);
        assertThat(read.at("/unmapped/statement").asText()).isEqualTo("select * from customers where email = ?");
        assertThat(read.at("/unmapped/decision").asText()).isEqualTo("ALLOW");
        assertThat(read.at("/unmapped/policyIds/0").asText()).isEqualTo("ops-read");
        assertThat(read.at("/unmapped/maskedCounts/email").asInt()).isEqualTo(2);
        assertThat(read.at("/unmapped/trail/outcomeSeq").asLong())
                .isEqualTo(read.at("/unmapped/trail/intentSeq").asLong() + 1);

        assertThat(events.get("insert").get("activity_id").asInt()).isEqualTo(1);
        assertThat(events.get("update").get("activity_id").asInt()).isEqualTo(3);
        assertThat(events.get("update").get("status_id").asInt()).isEqualTo(2);
        assertThat(events.get("update").get("status_code").asText()).isEqualTo("statement-failed");
        assertThat(events.get("delete").get("activity_id").asInt()).isEqualTo(4);
        assertThat(events.get("delete").get("severity_id").asInt()).isEqualTo(3);
        assertThat(events.get("ddl").get("activity_id").asInt()).isEqualTo(99);
        assertThat(events.get("ddl").get("activity_name").asText()).isEqualTo("sql:ddl");
        assertThat(events.get("ddl").get("type_uid").asLong()).isEqualTo(600399);
        assertThat(events.get("anonymous").get("activity_id").asInt()).isZero();
        assertThat(events.get("anonymous").get("actor").isEmpty()).isTrue();
        assertThat(events.get("anonymous").get("severity_id").asInt()).isEqualTo(3);
        assertThat(events.get("held").get("status_id").asInt()).isEqualTo(99);
        assertThat(events.get("held").get("severity_id").asInt()).isEqualTo(2);
        assertThat(events.get("lost").get("status_id").asInt()).isZero();
        assertThat(events.get("lost").get("severity_id").asInt()).isEqualTo(4);
    }

    @Test
    void export_whenTheOutcomeLandsAfterAnExport_emitsTheEventNextTime() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        intent(log, "slow", 0, classified(StatementKind.UPDATE, RiskClass.WRITE, "orders"), allow());
        Path file = dir.resolve("ocsf-later/audit.ocsf.jsonl");
        AuditExporter.Result first = export(table, file);

        outcome(log, "slow", 30, RequestStatus.COMPLETED, null);
        AuditExporter.Result second = export(table, file);
        AuditExporter.Result third = export(table, file);

        assertThat(first.records()).isEqualTo(1);
        assertThat(first.events()).isZero();
        assertThat(second.events()).isEqualTo(1);
        assertThat(third.nothingNew()).isTrue();
        JsonNode event = events(file).get("slow");
        assertThat(SCHEMA.problems(event)).isEmpty();
        assertThat(event.at("/actor/user/uid").asText()).isEqualTo("ops-bot");
        assertThat(event.get("activity_id").asInt()).isEqualTo(3);
        assertThat(event.get("time").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(event.get("end_time").asLong()).isEqualTo(T0.plusSeconds(30).plusMillis(12).toEpochMilli());
    }

    @Test
    void export_whenAnIntentWasDeleted_skipsItsOutcomeAndSaysSo() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        intent(log, "kept", 0, classified(StatementKind.SELECT, RiskClass.READ, "customers"), allow());
        outcome(log, "kept", 0, RequestStatus.COMPLETED, null);
        intent(log, "tampered", 1, classified(StatementKind.SELECT, RiskClass.READ, "customers"), allow());
        outcome(log, "tampered", 1, RequestStatus.COMPLETED, null);
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("requestId", Items.s("tampered"),
                "phase", Items.s("intent"))));

        AuditExporter.Result result = export(table, dir.resolve("ocsf-tampered/audit.ocsf.jsonl"));

        assertThat(result.events()).isEqualTo(1);
        // The deleted intent's chain position, and its outcome, which has no intent to join.
        assertThat(result.skipped()).isEqualTo(2);
    }

    @Test
    void schema_whenARequiredAttributeIsMissing_namesIt() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        intent(log, "r", 0, classified(StatementKind.SELECT, RiskClass.READ, "customers"), allow());
        outcome(log, "r", 0, RequestStatus.COMPLETED, null);
        Path file = dir.resolve("ocsf-schema/audit.ocsf.jsonl");
        export(table, file);
        JsonNode valid = events(file).get("r");
        assertThat(SCHEMA.problems(valid)).isEmpty();

        for (String required : List.of("activity_id", "category_uid", "class_uid", "severity_id", "time",
                "type_uid", "metadata", "actor", "api", "src_endpoint", "cloud")) {
            ObjectNode broken = valid.deepCopy();
            broken.remove(required);
            assertThat(SCHEMA.problems(broken)).as(required).contains(required + " is required");
        }
        ObjectNode noOperation = valid.deepCopy();
        ((ObjectNode) noOperation.get("api")).remove("operation");
        assertThat(SCHEMA.problems(noOperation)).contains("api.operation is required");
        ObjectNode noProduct = valid.deepCopy();
        ((ObjectNode) noProduct.get("metadata")).remove("product");
        assertThat(SCHEMA.problems(noProduct)).contains("metadata.product is required");
        ObjectNode noProvider = valid.deepCopy();
        ((ObjectNode) noProvider.get("cloud")).remove("provider");
        assertThat(SCHEMA.problems(noProvider)).contains("cloud.provider is required");
    }

    @Test
    void schema_whenTypesOrIdsAreWrong_namesThem() throws IOException {
        String table = table();
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        intent(log, "r", 0, classified(StatementKind.INSERT, RiskClass.WRITE, "orders"), allow());
        outcome(log, "r", 0, RequestStatus.COMPLETED, null);
        Path file = dir.resolve("ocsf-types/audit.ocsf.jsonl");
        export(table, file);
        ObjectNode valid = (ObjectNode) events(file).get("r");

        ObjectNode wrongType = valid.deepCopy().put("time", "2026-11-24T10:00:00Z");
        ObjectNode wrongTypeUid = valid.deepCopy().put("type_uid", 600302);
        ObjectNode wrongActivity = valid.deepCopy().put("activity_id", 7).put("type_uid", 600307);
        ObjectNode unknownAttribute = valid.deepCopy().put("decision", "ALLOW");
        ObjectNode wrongCategory = valid.deepCopy().put("category_uid", 3);

        assertThat(SCHEMA.problems(wrongType)).anySatisfy(p -> assertThat(p).startsWith("time is not a timestamp_t"));
        assertThat(SCHEMA.problems(wrongTypeUid)).anySatisfy(p -> assertThat(p).startsWith("type_uid is 600302"));
        assertThat(SCHEMA.problems(wrongActivity)).anySatisfy(p -> assertThat(p).startsWith("activity_id 7"));
        assertThat(SCHEMA.problems(unknownAttribute)).contains("decision is not an attribute of the class");
        assertThat(SCHEMA.problems(wrongCategory)).anySatisfy(p -> assertThat(p).startsWith("category_uid"));
    }
}
