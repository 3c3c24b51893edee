package dev.airlock.api;

import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.identity.ApprovalLinkTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal at the HTTP edge answers RFC 9457 problem+json and leaves an intent and an
 * outcome record, without the body or any token in them (issue 13, principle 10).
 */
@QuarkusTest
class HttpEdgeTest {
    private static final String CANARY = "edge-canary-871-67-6620";

    /** The problem an agent got, checked for its shape, and the audit records it left. */
    private record Refusal(Response response, AuditIntent intent, AuditOutcome outcome) {
    }

    private static Refusal refused(Response response, int status, ProblemKind kind, String... neverRecorded) {
        response.then().statusCode(status);
        assertThat(response.contentType()).startsWith(ApiResponses.PROBLEM_JSON);
        assertThat(response.<String>path("type")).isEqualTo(kind.type());
        assertThat(response.<String>path("title")).isEqualTo(kind.title());
        assertThat(response.<Integer>path("status")).isEqualTo(status);
        assertThat(response.<String>path("detail")).isNotBlank();
        String requestId = response.path("requestId");
        assertThat(requestId).as("the problem names its audit record").isNotBlank();
        assertThat(response.header(ApiResponses.REQUEST_ID_HEADER)).isEqualTo(requestId);
        AuditIntent intent = EdgeTestPorts.AUDIT.intent(requestId).orElseThrow(() ->
                new AssertionError("no intent record for " + requestId));
        AuditOutcome outcome = EdgeTestPorts.AUDIT.outcome(requestId).orElseThrow(() ->
                new AssertionError("no outcome record for " + requestId));
        assertThat(outcome.problem()).contains(kind);
        assertThat(outcome.status()).isEqualTo(kind == ProblemKind.UNAUTHENTICATED ? RequestStatus.UNAUTHENTICATED
                : RequestStatus.REJECTED);
        String records = intent + " " + outcome;
        for (String secret : neverRecorded) {
            assertThat(records).as("the audit records").doesNotContain(secret);
        }
        assertThat(records).doesNotContain(CANARY);
        return new Refusal(response, intent, outcome);
    }

    private static String bigBody(int bytes) {
        String head = "{\"target\":\"demo\",\"sql\":\"select '" + CANARY;
        return head + "x".repeat(bytes - head.length() - 3) + "'\"}";
    }

    @Test
    void sql_whenBodyTooLargeWithoutToken_answers413ProblemAndAudits() {
        Refusal refusal = refused(given().contentType(ContentType.JSON).body(bigBody(2 * 1024 * 1024))
                .post("/v1/sql"), 413, ProblemKind.PAYLOAD_TOO_LARGE);

        assertThat(refusal.response().<String>path("detail")).contains("1048576 bytes");
        assertThat(refusal.intent().agentId()).isEmpty();
        assertThat(refusal.outcome().problemDetail().orElseThrow()).startsWith("POST /v1/sql: ");
    }

    @Test
    void sql_whenBodyTooLargeWithToken_recordsTheAgentButNotTheToken() {
        String token = EdgeTestPorts.token("reporting-bot");

        Refusal refusal = refused(given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(bigBody(3 * 1024 * 1024)).post("/v1/sql"), 413, ProblemKind.PAYLOAD_TOO_LARGE, token);

        assertThat(refusal.intent().agentId()).contains("reporting-bot");
    }

    @Test
    void sql_whenChunkedBodyTooLarge_answers413AndAudits() throws Exception {
        byte[] body = bigBody(2 * 1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/sql")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        // Quarkus answers a chunked body over the limit itself, with an empty 413; the refusal is still recorded.
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).doesNotContain(CANARY);
        assertThat(EdgeTestPorts.AUDIT.outcomes.stream().filter(o -> o.problem().equals(java.util.Optional.of(
                ProblemKind.PAYLOAD_TOO_LARGE))).map(o -> o.problemDetail().orElse(""))
                .filter(d -> d.startsWith("POST /v1/sql: ")).count()).isPositive();
        assertThat(EdgeTestPorts.AUDIT.outcomes.toString() + EdgeTestPorts.AUDIT.intents).doesNotContain(CANARY);
    }

    @Test
    void sql_whenWrongMethod_answers405ProblemAndAudits() {
        Refusal refusal = refused(given().get("/v1/sql"), 405, ProblemKind.METHOD_NOT_ALLOWED);

        assertThat(refusal.response().<String>path("detail")).contains("POST /v1/sql");
        assertThat(refusal.outcome().problemDetail().orElseThrow()).startsWith("GET /v1/sql: ");
    }

    @Test
    void unknownRoute_answers404ProblemAndAudits() {
        String token = EdgeTestPorts.token("reporting-bot");

        Refusal refusal = refused(given().header("Authorization", "Bearer " + token).post("/v1/nothing-here"), 404,
                ProblemKind.NOT_FOUND, token);

        assertThat(refusal.intent().agentId()).contains("reporting-bot");
    }

    @Test
    void unknownRoute_whenPathCarriesAToken_recordsNoToken() {
        String token = EdgeTestPorts.token("reporting-bot");

        Refusal refusal = refused(given().get("/v1/" + token), 404, ProblemKind.NOT_FOUND, token);

        assertThat(refusal.response().<String>path("detail")).doesNotContain(token);
    }

    @Test
    void approvalDecision_whenNotAForm_answers415ProblemAndAudits() {
        refused(given().contentType(ContentType.JSON).body("{\"decision\":\"approve\"}")
                .post("/approvals/" + EdgeTestPorts.HELD_ID), 415, ProblemKind.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void sql_whenTwoAuthorizationHeaders_answers400ProblemAndAuditsNeitherToken() {
        String reporting = EdgeTestPorts.token("reporting-bot");
        String ops = EdgeTestPorts.token("ops-bot");

        Refusal refusal = refused(given().header("Authorization", "Bearer " + reporting)
                        .header("Authorization", "Bearer " + ops).contentType(ContentType.JSON)
                        .body(Map.of("target", "demo", "sql", "select 1")).post("/v1/sql"), 400,
                ProblemKind.MALFORMED_REQUEST, reporting, ops);

        assertThat(refusal.response().<String>path("detail")).contains("exactly one Authorization header");
        assertThat(refusal.intent().agentId()).as("neither agent is trusted").isEmpty();
    }

    @Test
    void sql_whenOneAuthorizationHeaderListsTwoTokens_answers400Problem() {
        String reporting = EdgeTestPorts.token("reporting-bot");
        String ops = EdgeTestPorts.token("ops-bot");

        refused(given().header("Authorization", "Bearer " + reporting + ", Bearer " + ops)
                        .contentType(ContentType.JSON).body(Map.of("target", "demo", "sql", "select 1"))
                        .post("/v1/sql"), 400, ProblemKind.MALFORMED_REQUEST, reporting, ops);
    }

    @Test
    void execute_whenWaitIsNegativeNonNumericOrTooLong_answers400ProblemAndAudits() {
        String token = EdgeTestPorts.token("ops-bot");
        for (String wait : List.of("-5", "abc", "61", "1.5", "99999999999999999999")) {
            Refusal refusal = refused(given().header("Authorization", "Bearer " + token).queryParam("wait", wait)
                            .post("/v1/requests/" + EdgeTestPorts.HELD_ID + "/execute"), 400,
                    ProblemKind.MALFORMED_REQUEST, token);

            assertThat(refusal.response().<String>path("detail")).as(wait).contains("0 to 60");
            assertThat(refusal.intent().agentId()).contains("ops-bot");
        }
    }

    @Test
    void requestStatus_whenNoToken_answers401ProblemAndAudits() {
        refused(given().get("/v1/requests/" + EdgeTestPorts.HELD_ID), 401, ProblemKind.UNAUTHENTICATED);
    }

    @Test
    void token_whenBootstrapTokenIsForged_answers401ProblemAndAuditsWithoutIt() {
        String bootstrap = EdgeTestPorts.bootstrapToken("ops-bot");
        String forged = bootstrap.substring(0, bootstrap.lastIndexOf('.') + 1) + "AAAA" + bootstrap.substring(
                bootstrap.lastIndexOf('.') + 5);

        refused(exchange(forged), 401, ProblemKind.UNAUTHENTICATED, forged, bootstrap.substring(0, 40));
    }

    @Test
    void token_whenGatewayTokenIsOfferedAsBootstrap_answers401ProblemAndAuditsWithoutIt() {
        String gatewayToken = EdgeTestPorts.token("ops-bot");

        refused(exchange(gatewayToken), 401, ProblemKind.UNAUTHENTICATED, gatewayToken);
    }

    @Test
    void token_whenNotATokenExchange_answers400ProblemAndAudits() {
        String bootstrap = EdgeTestPorts.bootstrapToken("ops-bot");

        refused(given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("subject_token", bootstrap).post("/v1/token"), 400, ProblemKind.MALFORMED_REQUEST, bootstrap);
    }

    @Test
    void token_whenBootstrapIsValid_issuesAToken() {
        exchange(EdgeTestPorts.bootstrapToken("ops-bot")).then().statusCode(200);
    }

    private static Response exchange(String subjectToken) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", subjectToken)
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt").post("/v1/token");
    }

    private static RequestSpecification decision(String token, String decision) {
        return given().contentType(ContentType.URLENC).formParam("token", token).formParam("decision", decision);
    }

    private static String link(String approver, ApprovalLinkTokens.Action action) {
        return EdgeTestPorts.LINKS.issue(EdgeTestPorts.HELD, approver, action, Duration.ofMinutes(10)).token();
    }

    @Test
    void approvalDecision_whenLinkIsForged_answers401ProblemAndAuditsWithoutTheLink() {
        String approve = link("alice", ApprovalLinkTokens.Action.APPROVE);
        String forged = approve.substring(0, approve.length() - 4) + "AAAA";

        Refusal refusal = refused(decision(forged, "approve").post("/approvals/" + EdgeTestPorts.HELD_ID), 401,
                ProblemKind.UNAUTHENTICATED, forged, approve.substring(approve.indexOf('.') + 1, approve.indexOf('.')
                        + 30));

        assertThat(refusal.outcome().problemDetail().orElseThrow())
                .startsWith("POST /approvals/" + EdgeTestPorts.HELD_ID + ": This approval link cannot be used");
    }

    @Test
    void approvalDecision_whenViewLinkPostedAsApproval_answers401ProblemAndAudits() {
        String view = link("alice", ApprovalLinkTokens.Action.VIEW);

        refused(decision(view, "approve").post("/approvals/" + EdgeTestPorts.HELD_ID), 401,
                ProblemKind.UNAUTHENTICATED, view);
    }

    @Test
    void approvalDecision_whenLinkIsForAnotherRequest_answers401ProblemAndAudits() {
        String approve = link("alice", ApprovalLinkTokens.Action.APPROVE);

        refused(decision(approve, "approve").post("/approvals/" + EdgeTestPorts.OTHER_HELD_ID), 401,
                ProblemKind.UNAUTHENTICATED, approve);
    }

    @Test
    void approvalDecision_whenNoSuchRequest_answers404ProblemAndAudits() {
        String approve = link("alice", ApprovalLinkTokens.Action.APPROVE);

        refused(decision(approve, "approve").post("/approvals/0190a8c2-0000-7000-8000-00000000none"), 404,
                ProblemKind.NOT_FOUND, approve);
    }

    @Test
    void approvalDecision_whenDecisionIsNeitherApproveNorDeny_answers400ProblemAndAudits() {
        String approve = link("alice", ApprovalLinkTokens.Action.APPROVE);

        refused(decision(approve, "maybe").post("/approvals/" + EdgeTestPorts.HELD_ID), 400,
                ProblemKind.MALFORMED_REQUEST, approve);
    }

    @Test
    void approvalDecision_whenLinkIsUsedAlready_answers401ProblemAndAudits() {
        String deny = link("alice", ApprovalLinkTokens.Action.DENY);
        // The fake store records no decision, so the approval service refuses after the link is redeemed.
        decision(deny, "deny").formParam("reason", "not now").post("/approvals/" + EdgeTestPorts.HELD_ID);

        refused(decision(deny, "deny").formParam("reason", "not now").post("/approvals/" + EdgeTestPorts.HELD_ID),
                401, ProblemKind.UNAUTHENTICATED, deny);
    }

    @Test
    void approvalPage_whenBrowserOpensAForgedLink_showsThePageAndAudits() {
        String view = link("alice", ApprovalLinkTokens.Action.VIEW);
        String forged = view.substring(0, view.length() - 4) + "AAAA";

        Response response = given().accept("text/html,application/xhtml+xml,*/*;q=0.8")
                .queryParam("token", forged).get("/approvals/" + EdgeTestPorts.HELD_ID);

        response.then().statusCode(401).contentType(ContentType.HTML);
        String requestId = response.header(ApiResponses.REQUEST_ID_HEADER);
        AuditOutcome outcome = EdgeTestPorts.AUDIT.outcome(requestId).orElseThrow();
        assertThat(outcome.problem()).contains(ProblemKind.UNAUTHENTICATED);
        assertThat(outcome.toString() + EdgeTestPorts.AUDIT.intent(requestId).orElseThrow()).doesNotContain(forged);
    }

    @Test
    void sql_whenTargetIsBusy_answers503WithRetryAfter() {
        Response response = given().header("Authorization", "Bearer " + EdgeTestPorts.token("reporting-bot"))
                .contentType(ContentType.JSON).body(Map.of("target", "demo", "sql", "select 1")).post("/v1/sql");

        response.then().statusCode(503).contentType(ApiResponses.PROBLEM_JSON);
        assertThat(response.<String>path("type")).isEqualTo(ProblemKind.TARGET_BUSY.type());
        assertThat(response.header("Retry-After")).as("the target's own wait, in seconds")
                .isEqualTo(Long.toString(EdgeTestPorts.BUSY_FOR.toSeconds()));
    }
}
