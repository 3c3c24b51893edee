package dev.airlock.cli;

import dev.airlock.audit.aws.AuditEntry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Replay shows which credentials ran a request, so its CloudTrail entries can be found. */
class AuditTimelineCredentialsTest {
    private static final Map<String, AttributeValue> INTENT = Map.of(
            "requestId", AttributeValue.fromS("r-2"), "at", AttributeValue.fromS("2026-11-24T10:00:00Z"),
            "agentId", AttributeValue.fromS("reporting-bot"), "target", AttributeValue.fromS("orders"),
            "statement", AttributeValue.fromS("select 1"), "policyIds", AttributeValue.fromL(List.of()));

    private static Map<String, AttributeValue> outcome(Map<String, AttributeValue> credentials) {
        return Map.of("requestId", AttributeValue.fromS("r-2"), "at", AttributeValue.fromS("2026-11-24T10:00:01Z"),
                "status", AttributeValue.fromS("COMPLETED"), "durationMillis", AttributeValue.fromN("12"),
                "credentials", AttributeValue.fromM(credentials));
    }

    @Test
    void timeline_whenRunOnAnStsSession_namesTheSessionAndAssumedRole() {
        String timeline = AuditCommand.timeline(new AuditEntry(INTENT, Optional.of(outcome(Map.of(
                "kind", AttributeValue.fromS("aws-sts-session"),
                "principal", AttributeValue.fromS("arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-1"),
                "sessionName", AttributeValue.fromS("r-1"))))));

        assertThat(timeline).contains("credentials: STS session r-1 "
                + "(arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-1)");
    }

    @Test
    void timeline_whenRunOnADatabaseLogin_namesTheUser() {
        String timeline = AuditCommand.timeline(new AuditEntry(INTENT, Optional.of(outcome(Map.of(
                "kind", AttributeValue.fromS("database-login"), "principal", AttributeValue.fromS("airlock_gateway"))))));

        assertThat(timeline).contains("credentials: database user airlock_gateway");
    }
}
