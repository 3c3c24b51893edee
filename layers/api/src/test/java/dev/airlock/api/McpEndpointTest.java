package dev.airlock.api;

import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.ProblemKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /mcp} as an MCP client meets it, over the edge tests' stand-in ports (issue 17). */
@QuarkusTest
class McpEndpointTest {

    private static RequestSpecification as(String agent) {
        return given().header("Authorization", "Bearer " + EdgeTestPorts.token(agent))
                .contentType("application/json").accept("application/json, text/event-stream");
    }

    private static String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":"
                + params) + "}";
    }

    private static Response call(String agent, String tool, String arguments) {
        Response response = as(agent).body(request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":"
                + arguments + "}")).post("/mcp");
        response.then().statusCode(200);
        return response;
    }

    private static List<String> toolNames(String agent) {
        return as(agent).body(request("tools/list", null)).post("/mcp").then().statusCode(200).extract()
                .path("result.tools.name");
    }

    /** The mcp record of a tool call, found by the request it names. */
    private static AuditIntent mcpRecordNaming(String requestId) {
        AuditOutcome outcome = EdgeTestPorts.AUDIT.outcomes.stream()
                .filter(o -> o.problemDetail().orElse("").endsWith("request " + requestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no mcp record names " + requestId));
        return EdgeTestPorts.AUDIT.intent(outcome.requestId()).orElseThrow();
    }

    @Test
    void initialize_whenAClientAsksForAKnownVersion_agreesToItAndOffersTools() {
        Response response = as("reporting-bot").body(request("initialize", "{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}")).post("/mcp");

        response.then().statusCode(200).contentType("application/json");
        assertThat(response.<String>path("result.protocolVersion")).isEqualTo("2025-06-18");
        assertThat(response.<String>path("result.serverInfo.name")).isEqualTo("airlock");
        assertThat(response.<Boolean>path("result.capabilities.tools.listChanged")).isFalse();
        assertThat(response.<Integer>path("id")).isEqualTo(7);
        assertThat(response.header("Mcp-Session-Id")).isNull();
    }

    @Test
    void initialize_whenAClientAsksForAnUnknownVersion_offersTheLatest() {
        Response response = as("reporting-bot").body(request("initialize", "{\"protocolVersion\":\"1999-01-01\"}"))
                .post("/mcp");

        assertThat(response.<String>path("result.protocolVersion")).isEqualTo("2025-11-25");
    }

    @Test
    void ping_answersAnEmptyResult() {
        as("reporting-bot").body(request("ping", null)).post("/mcp").then().statusCode(200);
        assertThat(as("reporting-bot").body(request("ping", null)).post("/mcp").<Map<String, Object>>path("result"))
                .isEmpty();
    }

    @Test
    void notification_isAcceptedWithoutABody() {
        Response response = as("reporting-bot").body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .post("/mcp");

        response.then().statusCode(202);
        assertThat(response.asString()).isEmpty();
    }

    @Test
    void toolsList_showsEachAgentOnlyWhatItsPoliciesCouldPermit() {
        assertThat(toolNames("reporting-bot")).containsExactly("sql_query", "list_targets", "request_status",
                "collect_approved");
        assertThat(toolNames("stranger-bot")).containsExactly("list_targets", "request_status", "collect_approved");
        List<String> targets = as("reporting-bot").body(request("tools/list", null)).post("/mcp")
                .path("result.tools[0].inputSchema.properties.target.enum");
        assertThat(targets).containsExactly("demo");
        Boolean closed = as("reporting-bot").body(request("tools/list", null)).post("/mcp")
                .path("result.tools[0].inputSchema.additionalProperties");
        assertThat(closed).isFalse();
    }

    @Test
    void requestStatus_isAuditedAsAnMcpCall() {
        call("ops-bot", "request_status", "{\"requestId\":\"" + EdgeTestPorts.HELD_ID + "\"}");

        AuditOutcome outcome = EdgeTestPorts.AUDIT.outcomes.stream()
                .filter(o -> o.problemDetail().orElse("").equals("mcp tools/call request_status of request "
                        + EdgeTestPorts.HELD_ID))
                .filter(o -> EdgeTestPorts.AUDIT.intent(o.requestId()).orElseThrow().agentId().equals(
                        java.util.Optional.of("ops-bot")))
                .findFirst().orElseThrow(() -> new AssertionError("no mcp record of ops-bot's request_status"));
        AuditIntent intent = EdgeTestPorts.AUDIT.intent(outcome.requestId()).orElseThrow();
        assertThat(intent.protocol()).contains("mcp");
        assertThat(intent.action()).contains("mcp:request_status");
        assertThat(outcome.status()).isEqualTo(dev.airlock.core.model.RequestStatus.COMPLETED);
    }

    @Test
    void listTargets_whenNoPolicyCouldPermitAny_listsNone() {
        assertThat(call("stranger-bot", "list_targets", "{}").<List<Object>>path("result.structuredContent.targets"))
                .isEmpty();
        assertThat(call("reporting-bot", "list_targets", "{}")
                .<List<String>>path("result.structuredContent.targets.name")).containsExactly("demo");
    }

    @Test
    void sqlQuery_whenTheTargetIsBusy_returnsAnErrorResultWithTheProblemAndAuditsBoth() {
        Response response = call("reporting-bot", "sql_query", "{\"target\":\"demo\",\"sql\":\"select 1\"}");

        assertThat(response.<Boolean>path("result.isError")).isTrue();
        assertThat(response.<String>path("result.structuredContent.type")).isEqualTo(ProblemKind.TARGET_BUSY.type());
        assertThat(response.<String>path("result.structuredContent.title")).isEqualTo(ProblemKind.TARGET_BUSY.title());
        String requestId = response.path("result.structuredContent.requestId");
        assertThat(response.<String>path("result.content[0].text")).contains(requestId, "Target busy");
        assertThat(EdgeTestPorts.AUDIT.outcome(requestId)).isPresent();
        AuditIntent mcp = mcpRecordNaming(requestId);
        assertThat(mcp.protocol()).contains("mcp");
        assertThat(mcp.action()).contains("mcp:sql_query");
        assertThat(mcp.agentId()).contains("reporting-bot");
    }

    @Test
    void sqlQuery_whenPolicyDenies_carriesTheSameProblemAsTheRestApi() {
        Response response = call("denied-bot", "sql_query", "{\"target\":\"demo\",\"sql\":\"select 1\"}");

        assertThat(response.<Boolean>path("result.isError")).isTrue();
        assertThat(response.<String>path("result.structuredContent.type")).isEqualTo(ProblemKind.POLICY_DENIED.type());
        assertThat(response.<String>path("result.structuredContent.detail")).contains("denied-bot");
        assertThat(response.<String>path("result.structuredContent.requestId")).isNotBlank();
    }

    @Test
    void sqlQuery_whenHeld_tellsTheModelToCollectItLaterAndNothingRuns() {
        Response held = call("held-bot", "sql_query", "{\"target\":\"demo\",\"sql\":\"delete from orders where id = ?\","
                + "\"params\":[1]}");

        assertThat(held.<Boolean>path("result.isError")).isFalse();
        assertThat(held.<String>path("result.structuredContent.status")).isEqualTo("PENDING_APPROVAL");
        String requestId = held.path("result.structuredContent.requestId");
        assertThat(held.<String>path("result.content[0].text")).contains("collect_approved", requestId, "nothing ran");
        assertThat(held.<List<String>>path("result.structuredContent.approvers.group")).containsExactly("approvers");

        Response status = call("held-bot", "request_status", "{\"requestId\":\"" + requestId + "\"}");
        assertThat(status.<String>path("result.structuredContent.state")).isEqualTo("PENDING");

        Response collected = call("held-bot", "collect_approved", "{\"requestId\":\"" + requestId + "\"}");
        assertThat(collected.<Boolean>path("result.isError")).isTrue();
        assertThat(collected.<String>path("result.structuredContent.type"))
                .isEqualTo(ProblemKind.APPROVAL_PENDING.type());
    }

    @Test
    void collectApproved_withAWait_waitsForTheDecisionWithinTheRestApisBounds() {
        Response held = call("held-bot", "sql_query", "{\"target\":\"demo\",\"sql\":\"delete from orders where id = ?\","
                + "\"params\":[2]}");
        String requestId = held.path("result.structuredContent.requestId");

        long started = System.nanoTime();
        Response stillPending = call("held-bot", "collect_approved", "{\"requestId\":\"" + requestId + "\",\"wait\":1}");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
                java.time.Duration.ofMillis(900));
        assertThat(stillPending.<String>path("result.structuredContent.type"))
                .isEqualTo(ProblemKind.APPROVAL_PENDING.type());

        for (String wait : List.of("61", "-1", "1.5", "\"5\"", "true")) {
            Response refused = as("held-bot").body(request("tools/call", "{\"name\":\"collect_approved\",\"arguments\":"
                    + "{\"requestId\":\"" + requestId + "\",\"wait\":" + wait + "}}")).post("/mcp");
            assertThat(refused.<Integer>path("error.code")).as("wait " + wait).isEqualTo(-32602);
            assertThat(refused.<String>path("error.message")).contains("'wait' is a whole number of seconds from 0 to 60");
        }
        Integer maximum = as("held-bot").body(request("tools/list", null)).post("/mcp").then().statusCode(200)
                .extract().path("result.tools.find { it.name == 'collect_approved' }.inputSchema.properties.wait.maximum");
        assertThat(maximum).isEqualTo(60);
    }

    @Test
    void requestStatus_whenAnotherAgentsRequest_saysNotFound() {
        Response response = call("reporting-bot", "request_status", "{\"requestId\":\"" + EdgeTestPorts.HELD_ID
                + "\"}");

        assertThat(response.<Boolean>path("result.isError")).isTrue();
        assertThat(response.<String>path("result.structuredContent.type")).isEqualTo(ProblemKind.NOT_FOUND.type());
    }

    @Test
    void toolsCall_whenTheArgumentsDoNotFit_isAnInvalidParamsError() {
        Response extra = as("reporting-bot").body(request("tools/call", "{\"name\":\"sql_query\",\"arguments\":"
                + "{\"target\":\"demo\",\"sql\":\"select 1\",\"database\":\"x\"}}")).post("/mcp");
        assertThat(extra.<Integer>path("error.code")).isEqualTo(-32602);
        assertThat(extra.<String>path("error.message")).contains("database");
        assertThat(extra.<String>path("error.data.requestId")).isNotBlank();

        Response unknown = as("reporting-bot").body(request("tools/call", "{\"name\":\"drop_everything\"}"))
                .post("/mcp");
        assertThat(unknown.<Integer>path("error.code")).isEqualTo(-32602);
    }

    @Test
    void unknownMethod_isMethodNotFound() {
        assertThat(as("reporting-bot").body(request("resources/list", null)).post("/mcp").<Integer>path("error.code"))
                .isEqualTo(-32601);
    }

    @Test
    void malformedJson_isAParseErrorAndAudited() {
        Response response = as("reporting-bot").body("{\"jsonrpc\":").post("/mcp");

        response.then().statusCode(400);
        assertThat(response.<Integer>path("error.code")).isEqualTo(-32700);
        String requestId = response.path("error.data.requestId");
        assertThat(EdgeTestPorts.AUDIT.outcome(requestId).orElseThrow().problem())
                .contains(ProblemKind.MALFORMED_REQUEST);
    }

    @Test
    void batchesAndNonJsonRpcMessages_areInvalidRequests() {
        assertThat(as("reporting-bot").body("[" + request("ping", null) + "]").post("/mcp")
                .<Integer>path("error.code")).isEqualTo(-32600);
        assertThat(as("reporting-bot").body("{\"id\":1,\"method\":\"ping\"}").post("/mcp")
                .<Integer>path("error.code")).isEqualTo(-32600);
    }

    @Test
    void withoutAToken_answers401PointingAtTheResourceMetadata() {
        Response response = given().contentType("application/json").body(request("initialize", "{}")).post("/mcp");

        response.then().statusCode(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer resource_metadata=\"http://")
                .endsWith("/.well-known/oauth-protected-resource\"");
        assertThat(response.<Integer>path("error.code")).isEqualTo(-32001);
        String requestId = response.path("error.data.requestId");
        assertThat(EdgeTestPorts.AUDIT.outcome(requestId).orElseThrow().problem())
                .contains(ProblemKind.UNAUTHENTICATED);
    }

    @Test
    void protectedResourceMetadata_namesTheEndpointAndWhereTokensComeFrom() {
        Response response = given().get("/.well-known/oauth-protected-resource");

        response.then().statusCode(200);
        assertThat(response.<String>path("resource")).endsWith("/mcp");
        assertThat(response.<List<String>>path("bearer_methods_supported")).containsExactly("header");
        assertThat(response.<String>path("airlock_token_endpoint")).endsWith("/v1/token");
        assertThat(given().get("/.well-known/oauth-protected-resource/mcp").<String>path("resource")).endsWith("/mcp");
    }

    @Test
    void aForeignOrigin_isRefused() {
        Response response = as("reporting-bot").header("Origin", "https://evil.example").body(request("ping", null))
                .post("/mcp");

        response.then().statusCode(403);
        assertThat(response.<String>path("error.message")).contains("evil.example");
    }

    @Test
    void anAllowedOrigin_isServed() {
        as("reporting-bot").header("Origin", "http://localhost:6274").body(request("ping", null)).post("/mcp")
                .then().statusCode(200);
    }

    @Test
    void aForeignHostFromThisMachine_isRefused() {
        as("reporting-bot").header("Host", "rebound.example:8080").body(request("ping", null)).post("/mcp")
                .then().statusCode(403);
    }

    @Test
    void anOversizedBody_isAJsonRpcErrorAndAuditedWithoutTheToken() {
        String token = EdgeTestPorts.token("reporting-bot");
        String body = request("tools/call", "{\"name\":\"sql_query\",\"arguments\":{\"target\":\"demo\",\"sql\":\"select '"
                + "x".repeat(2 * 1024 * 1024) + "'\"}}");
        Response response = given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body(body).post("/mcp");

        response.then().statusCode(413);
        assertThat(response.<Integer>path("error.code")).isEqualTo(-32600);
        String requestId = response.path("error.data.requestId");
        AuditOutcome outcome = EdgeTestPorts.AUDIT.outcome(requestId).orElseThrow();
        assertThat(outcome.problem()).contains(ProblemKind.PAYLOAD_TOO_LARGE);
        AuditIntent intent = EdgeTestPorts.AUDIT.intent(requestId).orElseThrow();
        assertThat(intent.agentId()).contains("reporting-bot");
        assertThat(intent + " " + outcome).doesNotContain(token);
    }

    @Test
    void getAndDelete_areNotAllowed() {
        given().get("/mcp").then().statusCode(405).header("Allow", "POST");
        given().delete("/mcp").then().statusCode(405).header("Allow", "POST");
    }
}
