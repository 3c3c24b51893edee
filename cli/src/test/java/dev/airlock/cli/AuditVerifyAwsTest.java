package dev.airlock.cli;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.audit.aws.DynamoDbAuditDigests;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.audit.aws.KmsDigestSigner;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code airlock audit verify --aws --kms-key-id} as an auditor runs it against the trail in
 * AWS: DynamoDB and KMS in moto_server, region and credentials from the SDK's default chain.
 */
class AuditVerifyAwsTest {
    private static MotoServer moto;
    private static DynamoDbClient dynamo;
    private static KmsClient kms;
    private static String keyId;
    private static String keyName;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        var key = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
        keyId = key.keyId();
        // The name the upkeep function signs with: as GetPublicKey gives it (the ARN in AWS).
        keyName = kms.getPublicKey(b -> b.keyId(keyId)).keyId();
    }

    @AfterAll
    static void stop() {
        kms.close();
        dynamo.close();
        moto.close();
    }

    private static CliRun verifyInAws(String table, String... keyIds) {
        try (var aws = new CliRun.SystemProperties(Map.of("aws.accessKeyId", "testing", "aws.secretAccessKey",
                "testing", "aws.region", "us-east-1", "aws.endpointUrl", moto.endpoint().toString()))) {
            List<String> args = new java.util.ArrayList<>(List.of("audit", "verify", "--aws", "--table", table));
            for (String id : keyIds) {
                args.addAll(List.of("--kms-key-id", id));
            }
            return CliRun.airlock(args.toArray(String[]::new));
        }
    }

    /** Three requests and a digest signed by the KMS key, as the gateway and its upkeep function leave them. */
    private static String signedTrail(String name) {
        AirlockTables tables = new AirlockTables(name, name + "-approvals");
        tables.createIfMissing(dynamo);
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, tables.audit());
        for (int i = 0; i < 3; i++) {
            Instant at = Instant.now();
            String id = name + "-r" + i;
            log.recordIntent(AuditIntent.builder(id, at).agent(new AgentIdentity("ops-bot", "jti-" + i, at,
                            at.plusSeconds(900))).target("demo").statement("select 1", List.of(), "ab".repeat(32))
                    .decision(PolicyDecision.allow(List.of("read"), "ok", List.of(), 100)).build());
            log.recordOutcome(new AuditOutcome(id, at, RequestStatus.COMPLETED, 3, Optional.of(1), Optional.empty(),
                    Map.of(), Optional.empty(), Optional.empty()));
        }
        new DynamoDbAuditDigests(dynamo, tables.audit(), Clock.systemUTC()).sign(new KmsDigestSigner(kms, keyName));
        return tables.audit();
    }

    @Test
    void verify_whenTheTrailIsUntouched_checksTheKmsSignedDigestAndExits0() {
        String table = signedTrail("untouched");

        CliRun run = verifyInAws(table, keyId);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("intact: 6 records").contains("1 signed digest matches");
    }

    @Test
    void verify_whenARecordWasEditedInAws_namesItAndExits1() {
        String table = signedTrail("edited");
        Map<String, AttributeValue> outcome = new HashMap<>(dynamo.getItem(b -> b.tableName(table).key(Map.of(
                "requestId", AttributeValue.fromS("edited-r1"), "phase", AttributeValue.fromS("outcome")))).item());
        outcome.put("rowCount", AttributeValue.fromN("0"));
        dynamo.putItem(b -> b.tableName(table).item(outcome));

        CliRun run = verifyInAws(table, keyId);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("edited-r1/outcome").contains("was edited");
    }

    @Test
    void verify_whenTheKmsKeyDoesNotExist_saysSoInOneLine() {
        String table = signedTrail("nokey");

        CliRun run = verifyInAws(table, "alias/no-such-key");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err().lines()).singleElement().asString()
                .contains("Cannot get the public key of KMS key alias/no-such-key").contains("kms:GetPublicKey");
    }
}
