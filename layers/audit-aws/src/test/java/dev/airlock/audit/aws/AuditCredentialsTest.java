package dev.airlock.audit.aws;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome record names the credentials that ran the request; the hash chain covers it. */
class AuditCredentialsTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ASSUMED = "arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-first";

    private static void write(DynamoDbAuditLog log, String id, Optional<CredentialsUsed> credentials) {
        log.recordIntent(AuditIntent.builder(id, T0).agent(new AgentIdentity("reporting-bot", "jti", T0,
                T0.plusSeconds(60))).target("orders").statement("select 1", List.of(), "ab".repeat(32))
                .decision(PolicyDecision.allow(List.of("p"), "ok", List.of(), 10)).build());
        log.recordOutcome(new AuditOutcome(id, T0.plusMillis(3), RequestStatus.COMPLETED, 3, Optional.of(1),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), credentials));
    }

    @Test
    void outcome_withStsSession_isStoredReadBackAndVerifiedAlongsideRecordsWithoutIt() {
        DynamoDbClient dynamo = LOCAL.client();
        AirlockTables tables = LOCAL.newTables("creds");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        // A record as older gateways wrote it (no credentials), a login, and two requests on one STS session.
        write(log, "r-old", Optional.empty());
        write(log, "r-login", Optional.of(CredentialsUsed.databaseUser("airlock_gateway")));
        write(log, "r-first", Optional.of(CredentialsUsed.stsSession(ASSUMED, "r-first")));
        write(log, "r-second", Optional.of(CredentialsUsed.stsSession(ASSUMED, "r-first")));

        DynamoDbAuditTrail trail = new DynamoDbAuditTrail(dynamo, tables.audit());
        AuditEntry second = trail.request("r-second").orElseThrow();
        assertThat(second.credentialsKind()).contains("aws-sts-session");
        assertThat(second.credentialsPrincipal()).contains(ASSUMED);
        assertThat(second.stsSessionName()).contains("r-first");
        AuditEntry login = trail.request("r-login").orElseThrow();
        assertThat(login.credentialsPrincipal()).contains("airlock_gateway");
        assertThat(login.stsSessionName()).isEmpty();
        assertThat(trail.request("r-old").orElseThrow().credentialsKind()).isEmpty();

        assertThat(new DynamoDbAuditVerifier(dynamo, tables.audit(), Map.of()).verify().problems()).isEmpty();
    }

    @Test
    void outcome_withAwssRequestId_isStoredReadBackAndVerified_soCloudTrailJoinsIt() {
        DynamoDbClient dynamo = LOCAL.client();
        AirlockTables tables = LOCAL.newTables("creds-aws-id");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        log.recordIntent(AuditIntent.builder("r-aws", T0).agent(new AgentIdentity("reporting-bot", "jti", T0,
                T0.plusSeconds(60))).target("aws-sandbox").statement("aws s3 GetObject", List.of(), "ab".repeat(32))
                .decision(PolicyDecision.allow(List.of("p"), "ok", List.of(), 10)).build());
        log.recordOutcome(new AuditOutcome("r-aws", T0.plusMillis(3), RequestStatus.COMPLETED, 3, Optional.of(1),
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.of(CredentialsUsed.stsSession(ASSUMED, "r-aws")), Optional.of("EXAMPLE-AWS-REQUEST-ID")));

        Map<String, AttributeValue> outcome = dynamo.getItem(b -> b.tableName(tables.audit())
                .key(Map.of("requestId", AttributeValue.fromS("r-aws"), "phase", AttributeValue.fromS("outcome"))))
                .item();
        assertThat(outcome.get("detail").s()).isEqualTo("target request id EXAMPLE-AWS-REQUEST-ID");
        assertThat(new DynamoDbAuditVerifier(dynamo, tables.audit(), Map.of()).verify().problems()).isEmpty();
    }

    @Test
    void verify_whenTheSessionNameIsEdited_namesTheRecord() {
        DynamoDbClient dynamo = LOCAL.client();
        AirlockTables tables = LOCAL.newTables("creds-edit");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        write(log, "r-1", Optional.of(CredentialsUsed.stsSession(ASSUMED, "r-first")));
        Map<String, AttributeValue> outcome = new HashMap<>(dynamo.getItem(b -> b.tableName(tables.audit())
                .key(Map.of("requestId", AttributeValue.fromS("r-1"), "phase", AttributeValue.fromS("outcome"))))
                .item());
        Map<String, AttributeValue> credentials = new HashMap<>(outcome.get("credentials").m());
        credentials.put("sessionName", AttributeValue.fromS("someone-else"));
        outcome.put("credentials", AttributeValue.fromM(credentials));
        dynamo.putItem(b -> b.tableName(tables.audit()).item(outcome));

        assertThat(new DynamoDbAuditVerifier(dynamo, tables.audit(), Map.of()).verify().problems())
                .singleElement().asString().startsWith("r-1/outcome").contains("was edited");
    }
}
