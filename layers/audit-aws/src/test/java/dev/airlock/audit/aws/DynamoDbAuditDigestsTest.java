package dev.airlock.audit.aws;

import dev.airlock.audit.AuditDigestSigner;
import dev.airlock.audit.EcKeyDigestSigner;
import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed digests catch what hash chains alone cannot: the newest records of a chain dropped,
 * and digests edited, forged or removed.
 */
class DynamoDbAuditDigestsTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static DynamoDbClient dynamo;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static KeyPair gatewayKey;
    private static AuditDigestSigner signer;

    @BeforeAll
    static void start() throws Exception {
        dynamo = LOCAL.client();
        gatewayKey = p256();
        signer = new EcKeyDigestSigner("gateway-key-1", (ECPrivateKey) gatewayKey.getPrivate());
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String table() {
        return LOCAL.newAuditTable("digests");
    }

    private static void write(String table, int from, int to) {
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        for (int i = from; i < to; i++) {
            Instant at = T0.plusMillis(i);
            log.recordIntent(AuditIntent.builder("r-" + i, at)
                    .agent(new AgentIdentity("ops-bot", "jti", at, at.plusSeconds(60))).target("demo")
                    .statement("select 1", List.of(), "ab".repeat(32))
                    .decision(PolicyDecision.allow(List.of("p"), "ok", List.of(), 10)).build());
            log.recordOutcome(new AuditOutcome("r-" + i, at.plusMillis(3), RequestStatus.COMPLETED, 3,
                    Optional.of(1), Optional.empty(), Map.of(), Optional.empty(), Optional.empty()));
        }
    }

    private static DynamoDbAuditDigests digests(String table, int minute) {
        return new DynamoDbAuditDigests(dynamo, table, Clock.fixed(T0.plusSeconds(60L * minute), ZoneOffset.UTC));
    }

    private static DynamoDbAuditVerifier.Report verify(String table, Map<String, PublicKey> keys) {
        return new DynamoDbAuditVerifier(dynamo, table, keys).verify();
    }

    private static final Map<String, PublicKey> GATEWAY_KEYS() {
        return Map.of("gateway-key-1", gatewayKey.getPublic());
    }

    private static List<Map<String, AttributeValue>> digestItems(String table) {
        return dynamo.query(b -> b.tableName(table).keyConditionExpression("requestId = :d")
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(AuditChains.DIGEST_PARTITION)))).items();
    }

    @Test
    void sign_whenRecordsWereAppended_writesADigestThatVerifies() {
        String table = table();
        write(table, 0, 30);
        assertThat(digests(table, 1).sign(signer)).contains(T0.plusSeconds(60));
        write(table, 30, 40);
        assertThat(digests(table, 2).sign(signer)).isPresent();

        DynamoDbAuditVerifier.Report report = verify(table, GATEWAY_KEYS());
        assertThat(report.problems()).isEmpty();
        assertThat(report.digests()).isEqualTo(2);
        assertThat(digestItems(table).getFirst().get("jws").s()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void sign_whenNothingWasAppendedSinceTheLastDigest_writesNothing() {
        String table = table();
        assertThat(digests(table, 0).sign(signer)).as("an empty trail").isEmpty();
        write(table, 0, 5);
        assertThat(digests(table, 1).sign(signer)).isPresent();
        assertThat(digests(table, 2).sign(signer)).isEmpty();
        assertThat(digestItems(table)).hasSize(1);
    }

    @Test
    void verify_whenTheNewestRecordOfAChainAndItsLinkAreDeleted_namesTheCutChain() {
        String table = table();
        write(table, 0, 20);
        digests(table, 1).sign(signer);
        // The tail of a chain, record and link together: the chain alone still looks whole.
        Map<String, AttributeValue> head = dynamo.query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("requestId = :c").scanIndexForward(false).limit(1)
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("chain#c0")))).items().getFirst();
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("requestId", head.get("requestId"), "phase", head.get("phase"))));
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("requestId", head.get("recordId"),
                "phase", head.get("recordPhase"))));

        assertThat(verify(table, GATEWAY_KEYS()).problems()).singleElement().asString()
                .startsWith("chain c0 no longer reaches #" + Long.parseLong(head.get("phase").s()))
                .contains("records at the end of the chain were deleted");
    }

    @Test
    void verify_whenADigestIsEdited_saysItsSignatureDoesNotVerify() {
        String table = table();
        write(table, 0, 10);
        digests(table, 1).sign(signer);
        Map<String, AttributeValue> digest = digestItems(table).getFirst();
        String[] jws = digest.get("jws").s().split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(jws[1])).replace("\"seq\":", "\"seq\":1").getBytes());
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("requestId", digest.get("requestId"), "phase", digest.get("phase")))
                .updateExpression("SET jws = :j").expressionAttributeValues(Map.of(":j",
                        AttributeValue.fromS(jws[0] + "." + forgedPayload + "." + jws[2]))));

        assertThat(verify(table, GATEWAY_KEYS()).problems())
                .anySatisfy(p -> assertThat(p).startsWith("digest " + digest.get("phase").s())
                        .contains("signature that does not verify"));
    }

    @Test
    void verify_whenADigestIsSignedByAnotherKey_failsClosed() throws Exception {
        String table = table();
        write(table, 0, 10);
        digests(table, 1).sign(new EcKeyDigestSigner("gateway-key-1", (ECPrivateKey) p256().getPrivate()));
        assertThat(verify(table, GATEWAY_KEYS()).problems()).singleElement().asString()
                .contains("signature that does not verify");
        assertThat(verify(table, Map.of()).problems()).singleElement().asString()
                .contains("is signed by key gateway-key-1, which is not among the gateway's public keys");
    }

    @Test
    void verify_whenADigestIsDeleted_saysTheNextOneDoesNotFollow() {
        String table = table();
        write(table, 0, 10);
        digests(table, 1).sign(signer);
        write(table, 10, 12);
        digests(table, 2).sign(signer);
        write(table, 12, 14);
        digests(table, 3).sign(signer);
        Map<String, AttributeValue> second = digestItems(table).get(1);
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("requestId", second.get("requestId"),
                "phase", second.get("phase"))));

        assertThat(verify(table, GATEWAY_KEYS()).problems()).singleElement().asString()
                .startsWith("digest " + digestItems(table).get(1).get("phase").s())
                .contains("does not follow the digest before it");
    }
}
