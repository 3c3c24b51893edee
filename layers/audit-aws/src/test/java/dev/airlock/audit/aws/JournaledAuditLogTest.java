package dev.airlock.audit.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.port.AuditUnavailableException;
import dev.airlock.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal in front of the audit table, against the real DynamoDB Local. */
class JournaledAuditLogTest {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();
    @TempDir
    Path journalDir;
    private static DynamoDbClient unreachable;
    private DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    static void unreachableTable() {
        unreachable = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + LoopbackPorts.free()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void close() {
        unreachable.close();
    }

    @BeforeEach
    void freshTable() {
        dynamo = LOCAL.client();
        table = LOCAL.newAuditTable("journaled");
    }

    private JournaledAuditLog.Builder journal(DynamoDbClient client) {
        return JournaledAuditLog.builder().table(new DynamoDbAuditLog(client, table)).directory(journalDir);
    }

    private DynamoDbAuditVerifier.Report verify() {
        return new DynamoDbAuditVerifier(dynamo, table, Map.of()).verify();
    }

    @ParameterizedTest
    @EnumSource(JournaledAuditLog.Sync.class)
    void recordedRequests_whenDrained_areInTheTableOnceEachAndChainsVerify(JournaledAuditLog.Sync sync)
            throws Exception {
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID().toString()).toList();
        try (JournaledAuditLog log = journal(dynamo).sync(sync).open()) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> done = ids.stream().<Future<?>>map(id -> clients.submit(() -> request(log, id))).toList();
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();

            assertThat(log.drain(Duration.ofSeconds(30))).isTrue();
            assertThat(log.backlog()).isZero();
        }

        for (String id : ids) {
            assertThat(phases(id)).as(id).containsExactlyInAnyOrder("intent", "outcome");
        }
        assertThat(verify().problems())
                .isEmpty();
    }

    @Test
    void open_whenEarlierRunDiedBeforeTheTableTookItsRecords_writesThemBeforeServing() {
        String id = UUID.randomUUID().toString();
        JournaledAuditLog dead = journal(unreachable).drainOnClose(Duration.ZERO).open();
        request(dead, id);
        assertThat(dead.isUnshipped(id)).isTrue();
        assertThat(phases(id)).isEmpty();

        try (JournaledAuditLog next = journal(dynamo).open()) {
            assertThat(phases(id)).as("written during open, before any request").containsExactly("intent", "outcome");
            assertThat(next.isUnshipped(id)).isFalse();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            closeQuietly(dead);
        }
        assertThat(verify().problems())
                .isEmpty();
    }

    @Test
    void open_whenJournalRecordsAreAlreadyInTheTable_doesNotWriteThemTwice() throws Exception {
        String id = UUID.randomUUID().toString();
        try (JournaledAuditLog first = journal(dynamo).open()) {
            request(first, id);
            assertThat(first.drain(Duration.ofSeconds(10))).isTrue();
        }
        long linksBefore = links();

        try (JournaledAuditLog second = journal(dynamo).open()) {
            assertThat(second.backlog()).isZero();
        }

        assertThat(phases(id)).containsExactly("intent", "outcome");
        assertThat(links()).as("no chain position taken twice").isEqualTo(linksBefore);
    }

    @Test
    void recordIntent_whenTableFallsTooFarBehind_refusesNewRequestsButKeepsOutcomes() {
        JournaledAuditLog log = journal(unreachable).maxBacklog(2).drainOnClose(Duration.ZERO).open();
        try {
            log.recordIntent(intent("a-" + UUID.randomUUID()));
            log.recordIntent(intent("b-" + UUID.randomUUID()));

            assertThatThrownBy(() -> log.recordIntent(intent("c-" + UUID.randomUUID())))
                    .isInstanceOf(AuditUnavailableException.class).hasMessageContaining("2 records behind");
            log.recordOutcome(outcome("a-late"));
            assertThat(log.backlog()).isEqualTo(3);
        } finally {
            closeQuietly(log);
        }
    }

    private static void request(JournaledAuditLog log, String id) {
        log.recordIntent(intent(id));
        log.recordOutcome(outcome(id));
    }

    private static AuditIntent intent(String id) {
        Instant at = Instant.now();
        return AuditIntent.builder(id, at)
                .agent(new AgentIdentity("reporting-bot", "jti-" + id, at, at.plusSeconds(900)))
                .target("demo").statement("select * from customers where city = ?", List.of("'Oslo'"), "ab".repeat(32))
                .decision(PolicyDecision.allow(List.of("reporting-read-demo"), "Allowed", List.of(), 100)).build();
    }

    private static AuditOutcome outcome(String id) {
        return new AuditOutcome(id, Instant.now(), RequestStatus.COMPLETED, 3, Optional.of(2), Optional.empty(),
                Map.of("email", 2), Optional.empty(), Optional.empty());
    }

    private List<String> phases(String id) {
        return dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("requestId = :id")
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id))))
                .items().stream().map(i -> i.get("phase").s()).sorted().toList();
    }

    private long links() {
        return AuditChains.all().stream().mapToLong(chain -> dynamo.queryPaginator(b -> b
                .tableName(table).consistentRead(true)
                .keyConditionExpression("requestId = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(AuditChains.LINK_PREFIX + chain))))
                .items().stream().count()).sum();
    }

    private static void closeQuietly(JournaledAuditLog log) {
        try {
            log.close();
        } catch (Exception ignored) {
            // the test's assertions are what matter
        }
    }
}
