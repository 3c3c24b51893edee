package dev.airlock.audit.aws;

import dev.airlock.aws.support.AwsClients;

import dev.airlock.audit.AuditSearch;
import dev.airlock.audit.ExportFormat;
import dev.airlock.aws.support.LocalDynamoDb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.StatementKind;
import dev.airlock.core.model.TableAccess;
import dev.airlock.core.model.TableRef;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exports to S3 (moto_server), with the cursor in the audit table (DynamoDB Local): one new
 * object per run that finds something new, nothing when nothing is, and only one of two
 * racing exports commits.
 */
class S3ExportSinkTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    private static final Instant T0 = ExportRequests.T0;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OcsfSchema SCHEMA = OcsfSchema.apiActivity();
    private static MotoServer moto;
    private static S3Client s3;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        dynamo = LOCAL.client();
        moto = MotoServer.start();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** A fresh bucket, and the destination {@code s3://<bucket>/siem/airlock}. */
    private static S3ExportSink.Destination destination() {
        String bucket = "audit-exports-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return S3ExportSink.Destination.parse("s3://" + bucket + "/siem/airlock/");
    }

    private static S3ExportSink open(String table, S3ExportSink.Destination destination, ExportFormat format,
                                     Instant now) throws IOException {
        return S3ExportSink.open(s3, dynamo, table, destination, format, Optional.empty(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static AuditExporter.Result export(String table, S3ExportSink.Destination destination, ExportFormat format,
                                               Instant now) throws IOException {
        try (S3ExportSink sink = open(table, destination, format, now)) {
            return new AuditExporter(dynamo, table).export(format, sink);
        }
    }

    /** The keys under the destination's prefix, in S3's (name) order. */
    private static List<String> objects(S3ExportSink.Destination destination) {
        return s3.listObjectsV2Paginator(b -> b.bucket(destination.bucket()).prefix(destination.prefix() + "/"))
                .contents().stream().map(S3Object::key).toList();
    }

    private static List<JsonNode> lines(S3ExportSink.Destination destination, String key) {
        String text = s3.getObjectAsBytes(b -> b.bucket(destination.bucket()).key(key)).asString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertThat(text).endsWith("\n");
        return lines;
    }

    private static List<String> ids(List<JsonNode> lines) {
        return lines.stream().map(l -> l.get("requestId").asText() + "/" + l.get("phase").asText()).toList();
    }

    private static List<String> requests(int from, int to) {
        return IntStream.range(from, to).boxed().flatMap(i -> java.util.stream.Stream.of("r-" + i + "/intent",
                "r-" + i + "/outcome")).toList();
    }

    @Test
    void export_whenFirstRun_writesOneEncryptedObjectWithEveryRecord() throws IOException {
        String table = LOCAL.newAuditTable("s3-first");
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 10, true);
        S3ExportSink.Destination destination = destination();

        AuditExporter.Result result = export(table, destination, ExportFormat.JSONL, T0.plusSeconds(3600));

        List<String> objects = objects(destination);
        assertThat(objects).singleElement().asString()
                .matches("siem/airlock/airlock-audit-jsonl-20261124T110000000Z-[0-9a-f]{8}\\.jsonl");
        assertThat(ids(lines(destination, objects.getFirst()))).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(requests(0, 10));
        assertThat(result.records()).isEqualTo(20);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(destination.bucket()).key(objects.getFirst()));
        assertThat(head.contentType()).isEqualTo("application/x-ndjson");
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    }

    @Test
    void export_whenRunThreeTimes_writesNothingWhenNothingIsNewThenOnlyTheNewRecords() throws IOException {
        String table = LOCAL.newAuditTable("s3-three");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 10, true);
        ExportRequests.write(log, 10, 11, false);
        S3ExportSink.Destination destination = destination();

        AuditExporter.Result first = export(table, destination, ExportFormat.JSONL, T0.plusSeconds(60));
        List<String> afterFirst = objects(destination);
        AuditExporter.Result second = export(table, destination, ExportFormat.JSONL, T0.plusSeconds(120));
        List<String> afterSecond = objects(destination);
        ExportRequests.finish(log, "r-10");
        ExportRequests.write(log, 11, 15, true);
        AuditExporter.Result third = export(table, destination, ExportFormat.JSONL, T0.plusSeconds(180));
        List<String> afterThird = objects(destination);

        assertThat(first.records()).isEqualTo(21);
        assertThat(second.nothingNew()).isTrue();
        assertThat(afterSecond).isEqualTo(afterFirst).hasSize(1);
        assertThat(third.records()).isEqualTo(9);
        // The new object sorts after the old one, which is untouched.
        assertThat(afterThird).hasSize(2).startsWith(afterFirst.getFirst()).isSorted();
        assertThat(afterThird.get(1)).contains("-20261124T100300000Z-");
        assertThat(ids(lines(destination, afterThird.get(0)))).hasSize(21);
        List<String> expectedNew = new ArrayList<>(requests(11, 15));
        expectedNew.add("r-10/outcome");
        assertThat(ids(lines(destination, afterThird.get(1)))).containsExactlyInAnyOrderElementsOf(expectedNew);
    }

    @Test
    void export_whenTheCursorItemIsInTheTable_verifyAndSearchStillSeeOnlyRequests() throws Exception {
        String table = LOCAL.newAuditTable("s3-bookkeeping");
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 6, true);
        S3ExportSink.Destination destination = destination();

        export(table, destination, ExportFormat.JSONL, T0.plusSeconds(60));

        Map<String, AttributeValue> cursor = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("requestId", AttributeValue.fromS("export#" + destination.uri()),
                        "phase", AttributeValue.fromS("cursor")))).item();
        assertThat(cursor).isNotEmpty();
        assertThat(cursor.get("format").s()).isEqualTo("jsonl");
        assertThat(cursor.get("object").s()).isEqualTo(objects(destination).getFirst());
        DynamoDbAuditVerifier.Report report = new DynamoDbAuditVerifier(dynamo, table, Map.of()).verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(12);
        List<AuditEntry> found = new DynamoDbAuditTrail(dynamo, table).search(new AuditSearch(Optional.empty(),
                Optional.empty(), Optional.empty(), T0.minusSeconds(86_400), T0.plusSeconds(86_400), 100));
        assertThat(found).extracting(AuditEntry::requestId)
                .containsExactlyInAnyOrder("r-0", "r-1", "r-2", "r-3", "r-4", "r-5");
    }

    @Test
    void commit_whenTwoExportsRaceOnOneCursor_oneFailsAndLeavesNoOrphanObject() throws Exception {
        String table = LOCAL.newAuditTable("s3-race");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 8, true);
        S3ExportSink.Destination destination = destination();
        // Both read the same cursor before either commits, as two cron jobs started together would.
        S3ExportSink first = open(table, destination, ExportFormat.JSONL, T0.plusSeconds(60));
        S3ExportSink second = open(table, destination, ExportFormat.JSONL, T0.plusSeconds(60));
        ExecutorService exporters = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AuditExporter.Result>> runs = new ArrayList<>();
        try {
            for (S3ExportSink sink : List.of(first, second)) {
                runs.add(exporters.submit(() -> {
                    go.await();
                    try (sink) {
                        return new AuditExporter(dynamo, table).export(ExportFormat.JSONL, sink);
                    }
                }));
            }
            go.countDown();
            List<AuditExporter.Result> committed = new ArrayList<>();
            List<Throwable> failed = new ArrayList<>();
            for (Future<AuditExporter.Result> run : runs) {
                try {
                    committed.add(run.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.add(e.getCause());
                }
            }

            assertThat(committed).singleElement().extracting(AuditExporter.Result::records).isEqualTo(16);
            assertThat(failed).singleElement().isInstanceOf(IllegalStateException.class).asString()
                    .contains("another export to " + destination.uri() + " ran at the same time")
                    .contains("was removed");
        } finally {
            exporters.shutdown();
        }
        List<String> objects = objects(destination);
        assertThat(objects).hasSize(1);
        assertThat(ids(lines(destination, objects.getFirst()))).containsExactlyInAnyOrderElementsOf(requests(0, 8));
        // The winner's cursor stands: the next export writes only what came since.
        ExportRequests.write(log, 8, 9, true);
        assertThat(export(table, destination, ExportFormat.JSONL, T0.plusSeconds(120)).records()).isEqualTo(2);
        assertThat(objects(destination)).hasSize(2);
    }

    @Test
    void export_whenOcsf_writesValidApiActivityEventsToS3() throws IOException {
        String table = LOCAL.newAuditTable("s3-ocsf");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 5, true);
        ExportRequests.write(log, 5, 6, false);
        S3ExportSink.Destination destination = destination();

        AuditExporter.Result result = export(table, destination, ExportFormat.OCSF, T0.plusSeconds(60));

        List<String> objects = objects(destination);
        assertThat(objects).singleElement().asString().contains("/airlock-audit-ocsf-");
        List<JsonNode> events = lines(destination, objects.getFirst());
        assertThat(events).extracting(e -> e.at("/metadata/uid").asText())
                .containsExactlyInAnyOrder("r-0", "r-1", "r-2", "r-3", "r-4");
        events.forEach(e -> assertThat(SCHEMA.problems(e)).as(e.toString()).isEmpty());
        assertThat(result.events()).isEqualTo(5);
    }

    @Test
    void export_whenOnlyAnIntentIsNew_movesOnWithoutAnObjectAndEmitsTheEventWithTheOutcome() throws IOException {
        String table = LOCAL.newAuditTable("s3-ocsf-later");
        DynamoDbAuditLog log = new DynamoDbAuditLog(dynamo, table);
        ExportRequests.write(log, 0, 1, false);
        S3ExportSink.Destination destination = destination();

        AuditExporter.Result first = export(table, destination, ExportFormat.OCSF, T0.plusSeconds(60));
        List<String> afterFirst = objects(destination);
        ExportRequests.finish(log, "r-0");
        AuditExporter.Result second = export(table, destination, ExportFormat.OCSF, T0.plusSeconds(120));

        assertThat(first.events()).isZero();
        assertThat(afterFirst).isEmpty();
        assertThat(second.events()).isEqualTo(1);
        List<String> objects = objects(destination);
        assertThat(objects).hasSize(1);
        assertThat(lines(destination, objects.getFirst())).singleElement()
                .satisfies(e -> assertThat(e.at("/metadata/uid").asText()).isEqualTo("r-0"))
                .satisfies(e -> assertThat(SCHEMA.problems(e)).isEmpty());
    }

    @Test
    void export_whenAKmsKeyIsGiven_encryptsTheObjectWithIt() throws IOException {
        String table = LOCAL.newAuditTable("s3-kms");
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 1, true);
        S3ExportSink.Destination destination = destination();
        String keyId;
        try (KmsClient kms = AwsClients.emulator(KmsClient.builder(), moto.endpoint())) {
            keyId = kms.createKey(b -> b.description("audit exports")).keyMetadata().keyId();
        }

        try (S3ExportSink sink = S3ExportSink.open(s3, dynamo, table, destination, ExportFormat.JSONL,
                Optional.of(keyId), Clock.systemUTC())) {
            new AuditExporter(dynamo, table).export(ExportFormat.JSONL, sink);
        }

        HeadObjectResponse head = s3.headObject(b -> b.bucket(destination.bucket())
                .key(objects(destination).getFirst()));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).endsWith(keyId);
    }

    @Test
    void open_whenThePrefixHoldsTheOtherFormat_refuses() throws IOException {
        String table = LOCAL.newAuditTable("s3-format");
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 1, true);
        S3ExportSink.Destination destination = destination();
        export(table, destination, ExportFormat.JSONL, T0.plusSeconds(60));

        assertThatThrownBy(() -> open(table, destination, ExportFormat.OCSF, T0.plusSeconds(120)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds jsonl exports, not ocsf: export ocsf to another prefix");
    }

    @Test
    void export_whenTheBucketIsMissing_failsAndKeepsTheCursor() throws IOException {
        String table = LOCAL.newAuditTable("s3-missing");
        ExportRequests.write(new DynamoDbAuditLog(dynamo, table), 0, 2, true);
        String bucket = "audit-exports-" + BUCKETS.incrementAndGet();
        S3ExportSink.Destination destination = S3ExportSink.Destination.parse("s3://" + bucket + "/audit");

        assertThatThrownBy(() -> export(table, destination, ExportFormat.JSONL, T0))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot put s3://" + bucket + "/audit/");
        s3.createBucket(b -> b.bucket(bucket));
        AuditExporter.Result retried = export(table, destination, ExportFormat.JSONL, T0.plusSeconds(60));

        assertThat(retried.records()).isEqualTo(4);
        assertThat(objects(destination)).hasSize(1);
    }

    @Test
    void parse_whenTheUriIsValid_keepsBucketAndPrefixWithoutSlashes() {
        assertThat(S3ExportSink.Destination.parse("s3://audit-exports/siem/airlock/"))
                .isEqualTo(new S3ExportSink.Destination("audit-exports", "siem/airlock"));
        assertThat(S3ExportSink.Destination.parse("S3://audit.exports").uri()).isEqualTo("s3://audit.exports");
        assertThat(S3ExportSink.Destination.parse("s3://audit-exports/a/").key("x.jsonl")).isEqualTo("a/x.jsonl");
        assertThat(S3ExportSink.Destination.parse("s3://audit-exports").key("x.jsonl")).isEqualTo("x.jsonl");
    }

    @Test
    void parse_whenTheUriIsNotABucketAndPrefix_saysWhatIsWrong() {
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3://")).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3:/bucket/x")).hasMessageContaining("not an S3 URI");
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3://Audit_Exports/x"))
                .hasMessageContaining("'Audit_Exports' in s3://Audit_Exports/x is not a bucket name");
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3://192.168.1.1/x"))
                .hasMessageContaining("is not a bucket name");
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3://audit/a b"))
                .hasMessageContaining("holds ' '");
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3://audit/a//b"))
                .hasMessageContaining("empty folder");
        assertThatThrownBy(() -> S3ExportSink.Destination.parse("s3://audit/x?versionId=1"))
                .hasMessageContaining("holds '?'").hasMessageContaining("use s3://BUCKET/PREFIX");
    }
}
