package dev.airlock.cli;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import dev.airlock.embedded.EmbeddedDynamoDb;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code airlock audit export --out s3://...} end to end: the trail in DynamoDB Local (as the
 * local gateway keeps it), S3 in moto_server, the SDK's credentials and region from the usual
 * chain (here its system properties).
 */
class AuditExportToS3Test {
    private static final Map<String, String> AWS_PROPERTIES = Map.of("aws.accessKeyId", "testing",
            "aws.secretAccessKey", "testing", "aws.region", "us-east-1");
    private static final String BUCKET = "acme-siem";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    static Path dir;
    private static EmbeddedDynamoDb local;
    private static DynamoDbClient dynamo;
    private static MotoServer moto;
    private static S3Client s3;
    private CliRun.SystemProperties aws;

    @BeforeAll
    static void start() {
        local = EmbeddedDynamoDb.startInMemory(dir.resolve("native"));
        dynamo = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        moto = MotoServer.start();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        s3.close();
        moto.close();
        dynamo.close();
        local.close();
    }

    @BeforeEach
    void awsFromSystemProperties() {
        aws = new CliRun.SystemProperties(AWS_PROPERTIES);
    }

    @AfterEach
    void restoreSystemProperties() {
        aws.close();
    }

    /** A fresh audit table, as the gateway creates it. */
    private static String table(String name) {
        AirlockTables tables = new AirlockTables(name, name + "-approvals");
        tables.createIfMissing(dynamo);
        return tables.audit();
    }

    private static void requests(String table, int from, int to) {
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        for (int i = from; i < to; i++) {
            String id = "r-" + i;
            Instant at = T0.plusSeconds(i);
            log.recordIntent(AuditIntent.builder(id, at)
                    .agent(new AgentIdentity("ops-bot", "jti-" + i, at, at.plusSeconds(900))).target("demo")
                    .statement("select 1", List.of(), "ab".repeat(32))
                    .classification(SqlClassification.builder(StatementKind.SELECT, RiskClass.READ).build())
                    .decision(PolicyDecision.allow(List.of("read"), "ok", List.of(), 500)).build());
            log.recordOutcome(new AuditOutcome(id, at.plusMillis(5), RequestStatus.COMPLETED, 5, Optional.of(1),
                    Optional.empty(), Map.of(), Optional.empty(), Optional.empty()));
        }
    }

    private static CliRun airlock(String... args) {
        return CliRun.airlock(args);
    }

    private static CliRun export(String table, String prefix, String format) {
        return airlock("audit", "export", "--format", format, "--out", "s3://" + BUCKET + "/" + prefix,
                "--endpoint", local.endpoint().toString(), "--table", table, "--endpoint-url", moto.endpoint().toString(),
                "--data-dir", dir.resolve("data").toString());
    }

    private static List<String> objects(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix + "/")).contents().stream()
                .map(S3Object::key).toList();
    }

    private static List<String> lines(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void export_whenOutIsAnS3Prefix_writesOneObjectPerRunWithSomethingNew() {
        String table = table("cli-s3-runs");
        requests(table, 0, 3);

        CliRun first = export(table, "jsonl", "jsonl");
        CliRun second = export(table, "jsonl", "jsonl");
        requests(table, 3, 4);
        CliRun third = export(table, "jsonl", "jsonl");
        CliRun verify = airlock("audit", "verify", "--endpoint", local.endpoint().toString(), "--table", table,
                "--data-dir", dir.resolve("data").toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Exported 6 records to s3://" + BUCKET + "/jsonl/airlock-audit-jsonl-");
        assertThat(second.out()).isEqualTo("Nothing new since the last export." + System.lineSeparator());
        assertThat(third.out()).startsWith("Exported 2 records to s3://" + BUCKET + "/jsonl/airlock-audit-jsonl-");
        List<String> objects = objects("jsonl");
        assertThat(objects).hasSize(2);
        assertThat(lines(objects.get(0))).hasSize(6);
        assertThat(lines(objects.get(1))).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"r-3\""));
        // The cursor item in the audit table is not a record: the trail still verifies.
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("The audit trail is intact");
    }

    @Test
    void export_whenOcsfGoesToAPrefixHoldingJsonl_refusesInOneLine() {
        String table = table("cli-s3-mixed");
        requests(table, 0, 1);
        assertThat(export(table, "mixed", "jsonl").exit()).isZero();

        CliRun ocsf = export(table, "mixed", "ocsf");

        assertThat(ocsf.exit()).isEqualTo(1);
        assertThat(ocsf.err().lines()).singleElement().asString()
                .isEqualTo("airlock: The prefix s3://" + BUCKET + "/mixed holds jsonl exports, not ocsf: export ocsf to another "
                        + "prefix.");
        assertThat(objects("mixed")).hasSize(1);
    }
}
