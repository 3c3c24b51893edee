package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request-time approval end to end on the local gateway: ops-bot's DELETE is held, alice
 * approves it from the CLI, ops-bot collects the result once, and the audit replay tells the
 * whole story; every tampering attempt gets a clear problem and runs nothing. The policies are
 * the checkout's, plus an approver outside the DBA group (carol, finance) and a rule that lets
 * ops-bot's UPDATEs wait only a few seconds, for the expiry case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalFlowIT {
    @TempDir
    static Path workDir;
    static Path dataDir;
    static Path policies;
    static LocalGateway gateway;
    static DemoDatabaseAccess database;

    @BeforeAll
    static void start() throws IOException {
        policies = workDir.resolve("policies");
        ShippedPolicies.copyTo(policies);
        Path entities = policies.resolve("entities.json");
        String declared = Files.readString(entities);
        Files.writeString(entities, declared.replaceFirst("\\[", """
                [
                  { "uid": { "type": "ApproverGroup", "id": "finance" }, "attrs": {}, "parents": [] },
                  { "uid": { "type": "Approver", "id": "carol" }, "attrs": { "email": "carol@example.com" },
                    "parents": [ { "type": "ApproverGroup", "id": "finance" } ] },
                """));
        Files.writeString(policies.resolve("quick-expiry.cedar"), """
                // Test only: ops-bot's UPDATEs wait three seconds for a DBA before they expire.
                @id("ops-updates-expire-quickly")
                @approval("group=dba, approvals=1, wait=3s, valid=15m")
                permit (
                  principal in AgentGroup::"operations",
                  action == Action::"sql:update",
                  resource in Target::"demo"
                )
                when { context.hasWhere };
                """);
        dataDir = workDir.resolve(".airlock");
        gateway = LocalGateway.start(dataDir, Map.of(), List.of("--policies", policies.toString()));
        database = new DemoDatabaseAccess(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static long anOrder() throws Exception {
        return Long.parseLong(database.column("select max(id) from orders").get(0));
    }

    private static String hold(String sql, long orderId) {
        HttpResponse<String> held = Agents.sql(gateway, "ops-bot", sql, orderId);
        assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
        return Agents.json(held).path("requestId").asText();
    }

    private static HttpResponse<String> execute(String agent, String requestId, String query) {
        HttpRequest request = HttpRequest.newBuilder(gateway.url().resolve("/v1/requests/" + requestId + "/execute"
                        + query)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Agents.token(dataDir, agent))
                .header("Content-Type", "application/json")
                // Whatever the agent sends is ignored: only the stored request runs.
                .POST(HttpRequest.BodyPublishers.ofString(Agents.body("demo", "delete from orders")))
                .build();
        return Agents.send(request);
    }

    private static HttpResponse<String> status(String agent, String requestId) {
        return Agents.send(HttpRequest.newBuilder(gateway.url().resolve("/v1/requests/" + requestId))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + Agents.token(dataDir, agent))
                .GET().build());
    }

    private static Cli.Result approvals(String... args) {
        List<String> all = new ArrayList<>(List.of("approvals"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Agents.json(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://airlock.dev/problems/" + type);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    @Test
    @Order(1)
    void opsBotsDelete_isHeld_approvedByAliceOnTheCli_andRunsExactlyOnce() throws Exception {
        long order = anOrder();
        String id = hold("delete from orders where id = ?", order);

        assertProblem(execute("ops-bot", id, ""), 409, "approval-pending");
        JsonNode pending = Agents.json(status("ops-bot", id));
        assertThat(pending.path("state").asText()).isEqualTo("PENDING");
        assertThat(pending.path("sql").asText()).isEqualTo("delete from orders where id = ?");
        assertProblem(status("reporting-bot", id), 404, "not-found");

        Cli.Result list = approvals("list");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains(id).contains("ops-bot");
        Cli.Result show = approvals("show", id);
        assertThat(show.stdout()).contains("delete from orders where id = ?").contains("params    " + order)
                .contains("ops-change-demo-with-approval").contains("writes public.orders").contains("expires");

        Cli.Result self = approvals("approve", id, "--as", "ops-bot");
        assertThat(self.exitCode()).isEqualTo(1);
        assertThat(self.stderr().strip()).contains("can never approve").doesNotContain("\n");
        Cli.Result outsider = approvals("approve", id, "--as", "carol");
        assertThat(outsider.exitCode()).isEqualTo(1);
        assertThat(outsider.stderr()).contains("not in the approver group dba");
        Cli.Result stranger = approvals("approve", id, "--as", "mallory");
        assertThat(stranger.exitCode()).isEqualTo(1);
        assertThat(database.count("select count(*) from orders where id = " + order)).isEqualTo(1);

        Cli.Result alice = approvals("approve", id, "--as", "alice");
        assertThat(alice.exitCode()).as(alice.stderr()).isZero();
        assertThat(alice.stdout()).contains("Approved " + id + " as alice");
        Cli.Result doubleClick = approvals("approve", id, "--as", "alice");
        assertThat(doubleClick.exitCode()).isZero();
        assertThat(doubleClick.stdout()).contains("counts once");
        JsonNode approved = Agents.json(status("ops-bot", id));
        assertThat(approved.path("state").asText()).isEqualTo("APPROVED");
        assertThat(approved.path("approvals")).hasSize(1);
        assertThat(Agents.json(status("alice", id)).path("state").asText())
                .as("an approver of the group may look").isEqualTo("APPROVED");

        // Another agent cannot collect it, even with the right id.
        assertProblem(execute("reporting-bot", id, ""), 404, "not-found");

        HttpResponse<String> ran = execute("ops-bot", id, "");
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        assertThat(Agents.json(ran).path("rowsAffected").asInt()).isEqualTo(1);
        assertThat(database.count("select count(*) from orders where id = " + order)).isZero();
        assertThat(database.count("select count(*) from orders")).as("the resent body did not run").isPositive();

        assertProblem(execute("ops-bot", id, ""), 409, "already-executed");
        assertThat(Agents.json(status("ops-bot", id)).path("state").asText()).isEqualTo("EXECUTED");
        assertThat(approvals("approve", id, "--as", "bob").exitCode()).isEqualTo(1);

        Cli.Result replay = Cli.run("audit", "replay", id, "--data-dir", dataDir.toString());
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        assertThat(replay.stdout())
                .contains("ops-bot sent to demo: delete from orders where id = ?")
                .contains("PENDING_APPROVAL")
                .contains("approved by alice")
                .contains("executed")
                .contains("(executes approved request " + id + ")")
                .contains("COMPLETED");
        assertThat(replay.stdout().indexOf("PENDING_APPROVAL")).isLessThan(replay.stdout().indexOf("approved by alice"));
        assertThat(replay.stdout().indexOf("approved by alice")).isLessThan(replay.stdout().indexOf("COMPLETED"));
    }

    @Test
    @Order(2)
    void approvingOneRequest_neverLetsAnotherRun() throws Exception {
        long first = anOrder();
        String a = hold("delete from orders where id = ?", first);
        long second = Long.parseLong(database.column("select min(id) from orders").get(0));
        String b = hold("delete from orders where id = ?", second);

        assertThat(approvals("approve", a, "--as", "alice").exitCode()).isZero();
        assertProblem(execute("ops-bot", b, ""), 409, "approval-pending");
        assertProblem(execute("reporting-bot", a, ""), 404, "not-found");
        assertThat(database.count("select count(*) from orders where id in (" + first + ", " + second + ")"))
                .isEqualTo(2);

        Cli.Result denied = approvals("deny", b, "--as", "bob", "--reason", "wrong order");
        assertThat(denied.exitCode()).as(denied.stderr()).isZero();
        assertProblem(execute("ops-bot", b, ""), 403, "not-approved");
        assertThat(database.count("select count(*) from orders where id = " + second)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void concurrentExecuteCalls_runItOnce() throws Exception {
        long order = anOrder();
        String id = hold("delete from orders where id = ?", order);
        assertThat(approvals("approve", id, "--as", "bob").exitCode()).isZero();

        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                statuses.add(execute("ops-bot", id, "").statusCode());
            }));
        }
        go.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(statuses).hasSize(6).containsOnlyOnce(200);
        assertThat(statuses.stream().filter(s -> s != 200)).containsOnly(409);
        assertThat(database.count("select count(*) from orders where id = " + order)).isZero();
    }

    @Test
    @Order(4)
    void longPoll_returnsTheResultOnceApproved() throws Exception {
        long order = anOrder();
        String id = hold("delete from orders where id = ?", order);
        Thread approver = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            approvals("approve", id, "--as", "alice");
        });
        HttpResponse<String> ran = execute("ops-bot", id, "?wait=30");
        approver.join();
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        assertThat(database.count("select count(*) from orders where id = " + order)).isZero();
    }

    @Test
    @Order(5)
    void aRequestNotApprovedInTime_expiresOnTime_andCannotBeApprovedOrRun() throws Exception {
        long order = anOrder();
        HttpResponse<String> held = Agents.sql(gateway, "ops-bot", "update orders set total = total + 1 where id = ?",
                order);
        assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
        String id = Agents.json(held).path("requestId").asText();

        Instant deadline = Instant.now().plusSeconds(30);
        String state = "PENDING";
        while (!state.equals("EXPIRED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            state = Agents.json(status("ops-bot", id)).path("state").asText();
        }
        assertThat(state).as("the sweep expires it while the gateway runs").isEqualTo("EXPIRED");
        Cli.Result late = approvals("approve", id, "--as", "alice");
        assertThat(late.exitCode()).isEqualTo(1);
        assertThat(late.stderr()).contains("expired");
        assertProblem(execute("ops-bot", id, ""), 410, "approval-expired");
        assertThat(Cli.run("audit", "replay", id, "--data-dir", dataDir.toString()).stdout()).contains("expired");
    }

    @Test
    @Order(6)
    void pendingRequests_surviveARestart_andTheTrailStillVerifies() throws Exception {
        long order = anOrder();
        String id = hold("delete from orders where id = ?", order);
        gateway.close();
        gateway = LocalGateway.start(dataDir, Map.of(), List.of("--policies", policies.toString()));
        database = new DemoDatabaseAccess(gateway);

        assertThat(Agents.json(status("ops-bot", id)).path("state").asText()).isEqualTo("PENDING");
        assertThat(approvals("approve", id, "--as", "alice").exitCode()).isZero();
        HttpResponse<String> ran = execute("ops-bot", id, "");
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);

        new AuditTrail(gateway.dynamo()).settle();
        Cli.Result verify = Cli.run("audit", "verify", "--data-dir", dataDir.toString());
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        Cli.Result byAlice = Cli.run("audit", "search", "--approver", "alice", "--data-dir", dataDir.toString());
        assertThat(byAlice.stdout()).contains(id);
    }

}
