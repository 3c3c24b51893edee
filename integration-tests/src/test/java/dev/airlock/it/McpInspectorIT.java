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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: the local gateway's {@code /mcp}, driven by the official MCP Inspector CLI as an MCP user
 * would drive it. Each tool is called once as policy allows and once as it refuses; a DELETE by
 * ops-bot is held, approved by alice on the CLI and collected exactly once.
 * <p>
 * The demo policies plus two test agents: auditor-bot may only SELECT on demo (no AWS), and
 * stranger-bot is in no group at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpInspectorIT {
    private static final String EMAIL = "[\\w.+-]+@[\\w-]+(\\.[\\w-]+)*\\.[a-z]{2,}";

    @TempDir
    static Path workDir;
    static Path dataDir;
    static LocalGateway gateway;
    static McpInspector inspector;
    static URI mcp;

    @BeforeAll
    static void start() throws IOException {
        inspector = McpInspector.installed();
        Path policies = workDir.resolve("policies");
        ShippedPolicies.copyTo(policies);
        Path entities = policies.resolve("entities.json");
        Files.writeString(entities, Files.readString(entities).replaceFirst("\\[", """
                [
                  { "uid": { "type": "AgentGroup", "id": "auditors" }, "attrs": {}, "parents": [] },
                  { "uid": { "type": "Agent", "id": "auditor-bot" }, "attrs": { "description": "Test: SQL reads only" },
                    "parents": [ { "type": "AgentGroup", "id": "auditors" } ] },
                """));
        Files.writeString(policies.resolve("auditors.cedar"), """
                // Test only: auditors read the demo database and nothing else.
                @id("auditors-read-demo")
                permit (
                  principal in AgentGroup::"auditors",
                  action == Action::"sql:select",
                  resource in Target::"demo"
                );
                """);
        dataDir = workDir.resolve(".airlock");
        gateway = LocalGateway.start(dataDir, Map.of(), List.of("--policies", policies.toString()));
        mcp = gateway.url().resolve("/mcp");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String token(String agent) {
        return Agents.token(dataDir, agent);
    }

    private static McpInspector.Result sql(String agent, String sql, Object... params) {
        return inspector.callTool(mcp, token(agent), "sql_query", Agents.body("demo", sql, params));
    }

    private static McpInspector.Result aws(String agent, String operation, String input) {
        return inspector.callTool(mcp, token(agent), "aws_call", """
                {"target":"aws-sandbox","service":"s3","operation":"%s","input":%s}""".formatted(operation, input));
    }

    private static List<String> toolNames(McpInspector.Result listed) {
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        List<String> names = new ArrayList<>();
        listed.result().path("tools").forEach(tool -> names.add(tool.path("name").asText()));
        return names;
    }

    /** A tool result's payload: its structured content, else its text parsed as JSON. */
    private static JsonNode payload(McpInspector.Result called) {
        JsonNode structured = called.result().path("structuredContent");
        return structured.isObject() ? structured : called.toolText();
    }

    private static JsonNode assertAnswered(McpInspector.Result called) {
        assertThat(called.exitCode()).as(called.toString()).isZero();
        assertThat(called.isError()).as(called.toString()).isFalse();
        return payload(called);
    }

    /** A refusal is a tool result with isError, carrying the problem's type, detail and request id. */
    private static JsonNode assertRefused(McpInspector.Result called, String problemType) {
        assertThat(called.isError()).as(called.toString()).isTrue();
        assertThat(called.exitCode()).as("the Inspector exits 5 when a tool returns isError").isEqualTo(5);
        JsonNode problem = payload(called);
        assertThat(problem.path("type").asText()).as(called.toString())
                .isEqualTo("https://airlock.dev/problems/" + problemType);
        assertThat(problem.path("detail").asText()).as(called.toString()).isNotBlank();
        return problem;
    }

    @Test
    @Order(1)
    void toolsList_showsEachAgentOnlyTheToolsItsPoliciesCouldEverPermit() {
        List<String> reporting = toolNames(inspector.toolsList(mcp, token("reporting-bot")));
        List<String> ops = toolNames(inspector.toolsList(mcp, token("ops-bot")));
        List<String> auditor = toolNames(inspector.toolsList(mcp, token("auditor-bot")));
        List<String> stranger = toolNames(inspector.toolsList(mcp, token("stranger-bot")));

        assertThat(reporting).contains("sql_query", "aws_call", "list_targets", "request_status");
        assertThat(ops).contains("sql_query", "aws_call", "list_targets", "request_status", "collect_approved");
        assertThat(auditor).contains("sql_query").doesNotContain("aws_call");
        assertThat(stranger).doesNotContain("sql_query", "aws_call");
    }

    @Test
    @Order(2)
    void toolsList_withAForgedToken_isRefusedBeforeAnyTool() {
        McpInspector.Result forged = inspector.toolsList(mcp, token("reporting-bot") + "x");

        assertThat(forged.exitCode()).as(forged.toString()).isNotZero();
        assertThat(forged.result().isMissingNode()).as(forged.toString()).isTrue();
        assertThat(forged.error().path("code").asText()).as(forged.toString()).isEqualTo("auth_required");
    }

    @Test
    @Order(3)
    void sqlQuery_selectAnswersMaskedRows_andDropIsRefused() throws Exception {
        McpInspector.Result select = sql("reporting-bot", "select full_name, email from customers order by id limit 3");
        McpInspector.Result drop = sql("ops-bot", "drop table customers");

        JsonNode rows = assertAnswered(select);
        assertThat(select.result().toString()).as("the rows reach the MCP client").contains("full_name");
        assertThat(select.result().toString()).as("no raw email in reporting-bot's rows").doesNotContainPattern(EMAIL);
        assertThat(rows.toString()).contains("***@");
        JsonNode problem = assertRefused(drop, "policy-denied");
        assertThat(problem.path("requestId").asText()).as("a refusal names its audited request").isNotBlank();
        assertThat(new DemoDatabaseAccess(gateway).column("select count(*) from customers").getFirst())
                .isNotEqualTo("0");
    }

    @Test
    @Order(4)
    void awsCall_listsTheReportsBucket_andRefusesADeleteAndThePrivateBucket() {
        McpInspector.Result listed = aws("reporting-bot", "ListObjectsV2", "{\"Bucket\":\"airlock-demo-reports\"}");
        McpInspector.Result deleted = aws("reporting-bot", "DeleteObject",
                "{\"Bucket\":\"airlock-demo-reports\",\"Key\":\"2026/q3-summary.json\"}");
        McpInspector.Result privateBucket = aws("reporting-bot", "ListObjectsV2", "{\"Bucket\":\"airlock-demo-private\"}");

        assertAnswered(listed);
        assertThat(listed.result().toString()).contains("2026/q3-summary.json");
        assertRefused(deleted, "policy-denied");
        assertRefused(privateBucket, "policy-denied");
        McpInspector.Result stillThere = aws("reporting-bot", "ListObjectsV2", "{\"Bucket\":\"airlock-demo-reports\"}");
        assertThat(stillThere.result().toString()).contains("2026/q3-summary.json");
    }

    @Test
    @Order(5)
    void listTargets_namesOnlyTheTargetsTheAgentCouldUse() {
        McpInspector.Result reporting = inspector.callTool(mcp, token("reporting-bot"), "list_targets", List.of());
        McpInspector.Result auditor = inspector.callTool(mcp, token("auditor-bot"), "list_targets", List.of());
        McpInspector.Result stranger = inspector.callTool(mcp, token("stranger-bot"), "list_targets", List.of());

        assertAnswered(reporting);
        assertThat(reporting.result().toString()).contains("demo").contains("aws-sandbox");
        assertAnswered(auditor);
        assertThat(auditor.result().toString()).contains("demo").doesNotContain("aws-sandbox");
        assertThat(assertAnswered(stranger).path("targets")).as("an agent no policy names is shown no target")
                .isEmpty();
    }

    @Test
    @Order(6)
    void requestStatus_answersTheAgentAboutItsOwnHeldRequest_andNotAboutAnotherAgentsOrAnUnknownOne()
            throws Exception {
        long order = Long.parseLong(new DemoDatabaseAccess(gateway).column("select min(id) from orders").getFirst());
        String requestId = assertAnswered(sql("ops-bot", "delete from orders where id = ?", order))
                .path("requestId").asText();

        McpInspector.Result own = inspector.callTool(mcp, token("ops-bot"), "request_status",
                List.of("requestId=" + requestId));
        McpInspector.Result othersAgents = inspector.callTool(mcp, token("reporting-bot"), "request_status",
                List.of("requestId=" + requestId));
        McpInspector.Result unknown = inspector.callTool(mcp, token("ops-bot"), "request_status",
                List.of("requestId=01a20e16-07e3-7000-8000-000000000000"));

        assertThat(assertAnswered(own).toString()).contains("PENDING");
        assertRefused(othersAgents, "not-found");
        assertThat(othersAgents.result().toString()).as("another agent's request is not described")
                .doesNotContain("delete from orders").doesNotContain("PENDING");
        assertRefused(unknown, "not-found");
    }

    @Test
    @Order(7)
    void opsBotsDelete_isHeld_approvedByAlice_andCollectedExactlyOnce() throws Exception {
        DemoDatabaseAccess database = new DemoDatabaseAccess(gateway);
        long order = Long.parseLong(database.column("select max(id) from orders").getFirst());

        McpInspector.Result held = sql("ops-bot", "delete from orders where id = ?", order);
        JsonNode holding = assertAnswered(held);
        String requestId = holding.path("requestId").asText();
        assertThat(requestId).as(held.toString()).isNotBlank();
        assertThat(holding.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(holding.path("approvers").path(0).path("group").asText()).as("who must approve").isEqualTo("dba");
        assertThat(holding.path("expiresAt").asText()).isNotBlank();
        assertThat(database.column("select count(*) from orders where id = " + order).getFirst())
                .as("nothing ran yet").isEqualTo("1");

        assertRefused(inspector.callTool(mcp, token("ops-bot"), "collect_approved", List.of("requestId=" + requestId)),
                "approval-pending");
        Cli.Result approved = Cli.run("approvals", "approve", requestId, "--as", "alice", "--data-dir",
                dataDir.toString());
        assertThat(approved.exitCode()).as(approved.stderr()).isZero();
        assertRefused(inspector.callTool(mcp, token("reporting-bot"), "collect_approved",
                List.of("requestId=" + requestId)), "not-found");

        McpInspector.Result collected = inspector.callTool(mcp, token("ops-bot"), "collect_approved",
                List.of("requestId=" + requestId));
        McpInspector.Result again = inspector.callTool(mcp, token("ops-bot"), "collect_approved",
                List.of("requestId=" + requestId));

        assertAnswered(collected);
        assertThat(database.column("select count(*) from orders where id = " + order).getFirst())
                .as("the approved DELETE ran").isEqualTo("0");
        assertRefused(again, "already-executed");
    }
}
