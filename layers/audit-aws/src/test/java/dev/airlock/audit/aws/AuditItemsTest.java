package dev.airlock.audit.aws;

import dev.airlock.aws.support.Items;
import dev.airlock.core.audit.AuditRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditItemsTest {
    private static Map<String, AttributeValue> item(AuditRecord record) {
        return new HashMap<>(AuditItems.toItem(record));
    }

    private static AuditRecord stored(AuditRecord record) {
        AuditRecord chained = record.inChain(AuditRecords.PLACE);
        return chained.withHash(AuditHash.of(chained));
    }

    @Test
    void fromItem_forEveryKindOfRecord_givesBackTheRecordWritten() {
        for (AuditRecord record : AuditRecords.everyKind()) {
            assertThat(AuditItems.fromItem(AuditItems.toItem(record))).as(record.toString()).isEqualTo(record);
            assertThat(AuditItems.fromItem(AuditItems.toItem(stored(record)))).as(record.toString())
                    .isEqualTo(stored(record));
        }
    }

    @Test
    void toItem_forEveryKindOfRecord_usesTheTrailsAttributeNames() {
        assertThat(AuditItems.toItem(AuditRecords.intent())).containsKeys("requestId", "phase", "at", "timeKey",
                "kind", "protocol", "risk", "tablesRead", "tablesWritten", "effect", "policyIds", "statement",
                "params", "requestSha256");
        assertThat(AuditItems.toItem(AuditRecords.intent()).get("kind").s()).isEqualTo("sql:select");
        assertThat(AuditItems.toItem(AuditRecords.intent()).get("risk").s()).isEqualTo("read");
        assertThat(AuditItems.toItem(AuditRecords.outcome()).get("credentials").m()).containsKeys("kind",
                "principal", "sessionName");
        assertThat(AuditItems.toItem(AuditRecords.failedOutcome()).get("problem").s()).isEqualTo("statement-failed");
        assertThat(AuditItems.toItem(AuditRecords.approved()).get("phase").s())
                .isEqualTo("approval#2026-11-24T10:05:00.000000000Z#approved");
        assertThat(AuditItems.toItem(stored(AuditRecords.approved()))).containsKeys("chain", "seq", "prevHash", "hash");
    }

    @Test
    void fromItem_whenAnIntentWasLeftByACrashWithoutItsEmptyLists_readsIt() {
        java.time.Instant at = java.time.Instant.parse("2026-11-24T10:00:00.123456789Z");
        Map<String, AttributeValue> crashed = Map.of(
                "requestId", AttributeValue.fromS("01a20000-dead-7000-8000-000000000001"),
                "phase", AttributeValue.fromS("intent"), "at", AttributeValue.fromS(at.toString()),
                "timeKey", AttributeValue.fromS("2026-11-24T10:00:00.123456789Z"),
                "agentId", AttributeValue.fromS("ops-bot"), "target", AttributeValue.fromS("demo"),
                "effect", AttributeValue.fromS("ALLOW"),
                "statement", AttributeValue.fromS("update orders set total = 0 where id = 1"));

        AuditRecord read = AuditItems.fromItem(crashed);

        assertThat(read.agentId()).contains("ops-bot");
        assertThat(read.statement()).contains("update orders set total = 0 where id = 1");
    }

    @Test
    void fromItem_whenAnAttributeIsUnknown_failsNamingIt() {
        Map<String, AttributeValue> item = item(stored(AuditRecords.intent()));
        item.put("note", Items.s("added later"));

        assertThatThrownBy(() -> AuditItems.fromItem(item)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("r-golden/intent").hasMessageContaining("unknown attributes [note]");
    }

    @Test
    void fromItem_whenAnUnknownCredentialsAttributeIsAdded_failsNamingIt() {
        Map<String, AttributeValue> item = item(AuditRecords.outcome());
        Map<String, AttributeValue> credentials = new HashMap<>(item.get("credentials").m());
        credentials.put("password", Items.s("hunter2"));
        item.put("credentials", AttributeValue.fromM(credentials));

        assertThatThrownBy(() -> AuditItems.fromItem(item)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("unknown attributes [password]").hasMessageNotContaining("hunter2");
    }

    @Test
    void fromItem_whenARequiredAttributeIsMissing_failsNamingIt() {
        Map<String, AttributeValue> intent = item(AuditRecords.intent());
        intent.remove("timeKey");
        Map<String, AttributeValue> outcome = item(AuditRecords.outcome());
        outcome.remove("status");
        Map<String, AttributeValue> step = item(AuditRecords.approved());
        step.remove("event");
        Map<String, AttributeValue> keyless = item(AuditRecords.intent());
        keyless.remove("requestId");

        assertThatThrownBy(() -> AuditItems.fromItem(intent)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("has no 'timeKey'");
        assertThatThrownBy(() -> AuditItems.fromItem(outcome)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("has no 'status'");
        assertThatThrownBy(() -> AuditItems.fromItem(step)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("has no 'event'");
        assertThatThrownBy(() -> AuditItems.fromItem(keyless)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("has no 'requestId'");
    }

    @Test
    void fromItem_whenPartOfTheChainPlaceIsMissing_fails() {
        Map<String, AttributeValue> item = item(stored(AuditRecords.outcome()));
        item.remove("prevHash");

        assertThatThrownBy(() -> AuditItems.fromItem(item)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("chain, seq and prevHash come together");
    }

    @Test
    void fromItem_whenAValueHasTheWrongType_fails() {
        Map<String, AttributeValue> item = item(AuditRecords.outcome());
        item.put("durationMillis", Items.s("12"));
        Map<String, AttributeValue> params = item(AuditRecords.intent());
        params.put("params", AttributeValue.fromL(List.of(Items.n(42))));

        assertThatThrownBy(() -> AuditItems.fromItem(item)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("'durationMillis' that is not a number");
        assertThatThrownBy(() -> AuditItems.fromItem(params)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("'params' that is not a list of strings");
    }

    @Test
    void fromItem_whenAValueIsUnknown_fails() {
        Map<String, AttributeValue> risk = item(AuditRecords.intent());
        risk.put("risk", Items.s("extreme"));
        Map<String, AttributeValue> status = item(AuditRecords.outcome());
        status.put("status", Items.s("DONE"));
        Map<String, AttributeValue> phase = item(AuditRecords.intent());
        phase.put("phase", Items.s("draft"));

        assertThatThrownBy(() -> AuditItems.fromItem(risk)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("unknown risk 'extreme'");
        assertThatThrownBy(() -> AuditItems.fromItem(status)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("unknown status 'DONE'");
        assertThatThrownBy(() -> AuditItems.fromItem(phase)).isInstanceOf(MalformedAuditRecordException.class)
                .hasMessageContaining("unknown phase");
    }

    @Test
    void fromItem_whenAValueIsNotInTheFormWritten_fails() {
        // Same instant, other spelling: the record would hash differently from the item stored.
        Map<String, AttributeValue> at = item(AuditRecords.bareIntent());
        at.put("at", Items.s("2026-11-24T10:00:00.000Z"));
        Map<String, AttributeValue> timeKey = item(AuditRecords.intent());
        timeKey.put("timeKey", Items.s("2020-01-01T00:00:00.000000000Z"));
        Map<String, AttributeValue> number = item(AuditRecords.outcome());
        number.put("durationMillis", AttributeValue.fromN("012"));
        Map<String, AttributeValue> emptyParams = item(AuditRecords.bareIntent());
        emptyParams.put("params", AttributeValue.fromL(List.of()));

        for (Map<String, AttributeValue> item : List.of(at, timeKey, number, emptyParams)) {
            assertThatThrownBy(() -> AuditItems.fromItem(item)).isInstanceOf(MalformedAuditRecordException.class)
                    .hasMessageContaining("in a form the gateway does not write");
        }
    }

    @Test
    void toString_ofARecord_leavesOutStatementValuesAndIdentities() {
        AuditRecord record = stored(AuditRecords.intent());

        assertThat(record.toString()).contains("INTENT", "r-golden", "c3#7")
                .doesNotContain("select", "?1", "reporting-bot", "tok-1", "127.0.0.1");
        assertThat(stored(AuditRecords.outcome()).toString()).doesNotContain("arn:aws", "r-first");
    }
}
