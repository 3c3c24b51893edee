package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.identity.LocalBootstrapTokens;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, principle 10, against the local gateway started as a user starts it: every refusal
 * at the HTTP edge answers problem+json and leaves both audit records in DynamoDB, without the
 * body or any token; a restored agent's old tokens stay refused.
 */
class HttpEdgeIT {
    private static final String CANARY = "edge-it-canary-871-67-6620";
    @TempDir
    static Path dataDir;
    static LocalGateway gateway;
    static AuditTrail audit;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dataDir.resolve(".airlock"));
        audit = new AuditTrail(gateway.dynamo());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.url().resolve(path)).timeout(Duration.ofSeconds(30));
    }

    /** Checks the problem and its two audit records; returns the outcome record. */
    private static Map<String, AttributeValue> refused(HttpResponse<String> response, int status, String slug,
                                                       String... neverRecorded) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Agents.json(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://airlock.dev/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        String requestId = problem.path("requestId").asText();
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(requestId);
        Map<String, AttributeValue> intent = audit.record(requestId, "intent");
        Map<String, AttributeValue> outcome = audit.record(requestId, "outcome");
        assertThat(intent).as("intent of " + requestId).isNotEmpty();
        assertThat(outcome).as("outcome of " + requestId).isNotEmpty();
        assertThat(outcome.get("problem").s()).isEqualTo(slug);
        String records = intent + " " + outcome;
        assertThat(records).doesNotContain(CANARY);
        for (String secret : neverRecorded) {
            assertThat(records).doesNotContain(secret);
        }
        return outcome;
    }

    @Test
    void sql_whenBodyIsTooLarge_answers413ProblemAndLeavesRecords() {
        String token = Agents.token(gateway.dataDir(), "reporting-bot");
        String big = Agents.body("demo", "select '" + CANARY + "x".repeat(2 * 1024 * 1024) + "'");

        refused(Agents.send(request("/v1/sql").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build()), 413, "payload-too-large");
        Map<String, AttributeValue> withToken = refused(Agents.send(request("/v1/sql")
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(big)).build()), 413, "payload-too-large", token);

        assertThat(withToken.get("status").s()).isEqualTo("REJECTED");
    }

    @Test
    void sql_whenWrongMethod_answers405ProblemAndLeavesRecords() {
        refused(Agents.send(request("/v1/sql").GET().build()), 405, "method-not-allowed");
    }

    @Test
    void sql_whenTwoAuthorizationHeaders_answers400ProblemAndLeavesRecords() {
        String reporting = Agents.token(gateway.dataDir(), "reporting-bot");
        String ops = Agents.token(gateway.dataDir(), "ops-bot");

        refused(Agents.send(request("/v1/sql").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + reporting).header("Authorization", "Bearer " + ops)
                .POST(HttpRequest.BodyPublishers.ofString(Agents.body("demo", "select 1"))).build()), 400,
                "malformed-request", reporting, ops);
    }

    @Test
    void execute_whenWaitIsNegative_answers400ProblemAndLeavesRecords() {
        String token = Agents.token(gateway.dataDir(), "ops-bot");

        refused(Agents.send(request("/v1/requests/0190a8c2-0000-7000-8000-000000000000/execute?wait=-5")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build()), 400,
                "malformed-request", token);
    }

    @Test
    void token_whenBootstrapTokenIsForged_answers401ProblemAndLeavesRecords() {
        String bootstrap = LocalBootstrapTokens.issue(SigningKeyFile.load(gateway.dataDir()), TokenSettings.LOCAL_ISSUER,
                "ops-bot", null, Clock.systemUTC()).token();
        String forged = bootstrap.substring(0, bootstrap.length() - 6) + "AAAAAA";
        String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token="
                + enc(forged) + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt");

        Map<String, AttributeValue> outcome = refused(Agents.send(request("/v1/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()), 401, "unauthenticated", forged,
                bootstrap.substring(0, bootstrap.lastIndexOf('.')));

        assertThat(outcome.get("status").s()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void approvalDecision_whenLinkIsForged_answers401ProblemAndLeavesRecords() {
        HttpResponse<String> held = Agents.sql(gateway, "ops-bot", "delete from orders where id = ?", 7);
        assertThat(held.statusCode()).as(held.body()).isEqualTo(202);
        String heldId = Agents.json(held).path("requestId").asText();
        String forged = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        Map<String, AttributeValue> outcome = refused(Agents.send(request("/approvals/" + heldId)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("decision=approve&token=" + enc(forged))).build()), 401,
                "unauthenticated", forged);

        assertThat(outcome.get("problemDetail").s()).startsWith("POST /approvals/" + heldId + ": ");
    }

    @Test
    void revokeRestore_keepsTokensMintedBeforeTheRestoreRefused() throws Exception {
        String old = Agents.token(gateway.dataDir(), "ops-bot");
        assertThat(Cli.run("revoke", "--agent", "ops-bot", "--data-dir", gateway.dataDir().toString())
                .exitCode()).isZero();
        Thread.sleep(1_100);
        Cli.Result restore = Cli.run("revoke", "--agent", "ops-bot", "--restore", "--data-dir",
                gateway.dataDir().toString());
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        // Tokens carry whole seconds: one minted in the second of the restore is refused as well.
        Thread.sleep(1_100);
        String fresh = Agents.token(gateway.dataDir(), "ops-bot");

        Instant deadline = Instant.now().plusSeconds(5);
        HttpResponse<String> oldAnswer = Agents.post(gateway.url(), old, Agents.body("demo", "select 1"));
        while (oldAnswer.statusCode() != 401 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            oldAnswer = Agents.post(gateway.url(), old, Agents.body("demo", "select 1"));
        }
        assertThat(oldAnswer.statusCode()).isEqualTo(401);
        assertThat(Agents.json(oldAnswer).path("detail").asText()).contains("before agent ops-bot was restored");
        assertThat(Agents.post(gateway.url(), fresh, Agents.body("demo", "select 1")).statusCode())
                .isNotEqualTo(401);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
