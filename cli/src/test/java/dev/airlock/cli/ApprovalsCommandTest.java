package dev.airlock.cli;

import dev.airlock.aws.support.AirlockTables;
import dev.airlock.approvals.aws.DynamoDbApprovalStore;
import dev.airlock.audit.aws.DynamoDbAuditLog;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.model.StatementKind;
import dev.airlock.embedded.EmbeddedDynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The approver's CLI against a real DynamoDB Local and the checkout's policies (alice and bob are DBAs). */
class ApprovalsCommandTest {
    @TempDir
    static Path nativeLibraries;

    static EmbeddedDynamoDb local;
    static DynamoDbClient dynamo;
    static DynamoDbApprovalStore store;

    @BeforeAll
    static void start() {
        local = EmbeddedDynamoDb.startInMemory(nativeLibraries);
        dynamo = DynamoDbClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        AirlockTables.DEFAULT.createIfMissing(dynamo);
        store = new DynamoDbApprovalStore(dynamo, AirlockTables.DEFAULT.approvals());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        local.close();
    }

    private static String hold(Duration wait) {
        String id = "req-" + UUID.randomUUID();
        Instant now = Instant.now();
        store.hold(new PendingRequest(id, "ops-bot", new SqlRequest("demo", "delete from orders where id = ?",
                List.of(42L)), "ab".repeat(32), StatementKind.DELETE, RiskClass.WRITE,
                List.of("ops-change-demo-with-approval"),
                List.of(new ApprovalRequirement("dba", 1, wait, Duration.ofMinutes(15))), now, now.plus(wait)));
        new DynamoDbAuditLog(dynamo, AirlockTables.DEFAULT.audit()).recordIntent(AuditIntent.builder(id, now)
                .target("demo").statement("delete from orders where id = ?", List.of("42"), "ab".repeat(32)).build());
        return id;
    }

    private static CliRun airlock(String... args) {
        if (args[0].equals("audit")) {
            String[] all = java.util.Arrays.copyOf(args, args.length + 2);
            all[args.length] = "--endpoint";
            all[args.length + 1] = local.endpoint().toString();
            return CliRun.airlock(all);
        }
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoint";
        all[args.length + 1] = local.endpoint().toString();
        all[args.length + 2] = "--policies";
        all[args.length + 3] = Path.of("..", "policies").toString();
        return CliRun.airlock(all);
    }

    @Test
    void listShowApproveAndTheRulesHold() {
        String id = hold(Duration.ofHours(1));

        assertThat(airlock("approvals", "list").out()).contains(id).contains("ops-bot").contains("0 of 1 from dba");
        CliRun show = airlock("approvals", "show", id);
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("delete from orders where id = ?").contains("params    42")
                .contains("ops-change-demo-with-approval").contains("risk write").contains("expires");

        CliRun self = airlock("approvals", "approve", id, "--as", "ops-bot");
        assertThat(self.exit()).isEqualTo(AirlockCli.REFUSED);
        assertThat(self.err().strip()).contains("can never approve").doesNotContain("\n");
        CliRun stranger = airlock("approvals", "approve", id, "--as", "mallory");
        assertThat(stranger.exit()).isEqualTo(AirlockCli.REFUSED);
        assertThat(stranger.err()).contains("not a declared Approver");

        CliRun alice = airlock("approvals", "approve", id, "--as", "alice");
        assertThat(alice.exit()).isZero();
        assertThat(alice.out()).contains("Approved " + id + " as alice");
        CliRun twice = airlock("approvals", "approve", id, "--as", "alice");
        assertThat(twice.exit()).isZero();
        assertThat(twice.out()).contains("counts once");
        assertThat(store.find(id).orElseThrow().approvals()).hasSize(1);
        assertThat(store.find(id).orElseThrow().state()).isEqualTo(ApprovalState.APPROVED);

        CliRun late = airlock("approvals", "deny", id, "--as", "bob", "--reason", "too late");
        assertThat(late.exit()).isEqualTo(AirlockCli.REFUSED);

        CliRun replay = airlock("audit", "replay", id);
        assertThat(replay.out()).contains("approved by alice");
        assertThat(airlock("audit", "search", "--approver", "alice").out()).contains(id);
    }

    @Test
    void denyAndExpiry() {
        String denied = hold(Duration.ofHours(1));
        CliRun bob = airlock("approvals", "deny", denied, "--as", "bob", "--reason", "wrong customer");
        assertThat(bob.exit()).isZero();
        assertThat(store.find(denied).orElseThrow().state()).isEqualTo(ApprovalState.DENIED);
        assertThat(airlock("approvals", "approve", denied, "--as", "alice").err()).contains("denied by bob");

        String expiring = hold(Duration.ofSeconds(1));
        try {
            Thread.sleep(1200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CliRun late = airlock("approvals", "approve", expiring, "--as", "alice");
        assertThat(late.exit()).isEqualTo(AirlockCli.REFUSED);
        assertThat(late.err()).contains("expired");
        assertThat(store.find(expiring).orElseThrow().state()).isEqualTo(ApprovalState.EXPIRED);
        assertThat(airlock("approvals", "show", "no-such-request").err()).contains("No request no-such-request");
    }
}
