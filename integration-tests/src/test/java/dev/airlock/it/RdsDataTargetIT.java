package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.airlock.testing.MotoServer;
import dev.airlock.testing.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An RDS Data API target configured in targets.json, end to end: the real local gateway assumes
 * a role on moto's STS for the request, runs the statement on moto's Data API (canned rows) under
 * that session, masks the rows and records the session in the audit trail. No secret reaches the
 * agent, the gateway's output or the audit records.
 */
class RdsDataTargetIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/airlock-target-orders";
    private static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:orders";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf";
    /** A database user that may only SELECT: reads log in as it. */
    private static final String READ_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-reader-GhIjKl";
    private static final String BASE_KEY_ID = "AKIAGATEWAYBASEKEY01";
    private static final String BASE_SECRET = Canaries.awsSecretKey();
    private static final String SELECT = "select id, full_name, email from customers where id < ?";

    @TempDir
    static Path dir;
    static MotoServer moto;
    static Path policies;
    static LocalGateway gateway;
    static AuditTrail audit;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        moto.startRecording();
        moto.post("/moto-api/static/rds-data/statement-results", """
                {"results":[{"columnMetadata":[
                   {"name":"id","label":"id","typeName":"int8"},
                   {"name":"full_name","label":"full_name","typeName":"text"},
                   {"name":"email","label":"email","typeName":"text"}],
                 "records":[
                   [{"longValue":1},{"stringValue":"Ann Example"},{"stringValue":"ann.example@mohr.com"}],
                   [{"longValue":2},{"stringValue":"Bob Example"},{"stringValue":"bob.example@schultz.io"}]]}]}
                """);
        policies = copyPoliciesWithOrdersTarget(dir.resolve("policies"));
        Path dataDir = dir.resolve(".airlock");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("targets.json"), """
                {"targets":[{"name":"orders","kind":"rds-data","clusterArn":"%s","secretArn":"%s",
                             "database":"orders","roleArn":"%s","readSecretArn":"%s"}]}
                """.formatted(CLUSTER, SECRET, ROLE, READ_SECRET));
        gateway = LocalGateway.start(dataDir, awsEnvironment(), List.of("--policies", policies.toString()));
        audit = new AuditTrail(gateway.dynamo());
    }

    private static Map<String, String> awsEnvironment() {
        return Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", BASE_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", BASE_SECRET, "AWS_REGION", "us-east-1");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** The shipped policies, plus an "orders" Aurora target the reporting bots may read with emails masked. */
    private static Path copyPoliciesWithOrdersTarget(Path policies) throws Exception {
        Files.createDirectories(policies);
        Path shipped = Cli.HOME.resolve("policies");
        for (String file : List.of("airlock.cedarschema", "demo.cedar")) {
            Files.copy(shipped.resolve(file), policies.resolve(file));
        }
        ArrayNode entities = (ArrayNode) JSON.readTree(shipped.resolve("entities.json").toFile());
        entities.add(JSON.readTree("""
                {"uid":{"type":"Target","id":"orders"},"attrs":{"kind":"rds-data","environment":"test"},"parents":[]}"""));
        entities.add(JSON.readTree("""
                {"uid":{"type":"Table","id":"orders.public.customers"},"attrs":{},
                 "parents":[{"type":"Target","id":"orders"}]}"""));
        Files.writeString(policies.resolve("entities.json"), JSON.writeValueAsString(entities));
        Files.writeString(policies.resolve("orders.cedar"), """
                @id("reporting-read-orders")
                @mask("email=email:partial")
                @maxRows("100")
                permit (
                  principal in AgentGroup::"reporting",
                  action == Action::"sql:select",
                  resource in Target::"orders"
                )
                when { !context.locksRows };
                """);
        return policies;
    }

    private static HttpResponse<String> select(String agent) {
        return Agents.post(gateway.url(), Agents.token(gateway.dataDir(), agent), Agents.body("orders", SELECT, 3));
    }

    /** The session moto handed out: its access key id, secret key and token, to look for (never to print). */
    private static List<JsonNode> assumedRoles() throws Exception {
        List<JsonNode> roles = new ArrayList<>();
        JSON.readTree(moto.get("/moto-api/data.json")).path("sts").path("AssumedRole").forEach(roles::add);
        return roles;
    }

    private static List<RecordedRequest> executeStatements() {
        return moto.recordedRequests().stream().filter(r -> r.url().contains("/Execute")).toList();
    }

    @Test
    void reportingBot_selectsOnTheAuroraTarget_underAPerRequestSessionThatTheAuditRecordNames() throws Exception {
        HttpResponse<String> first = select("reporting-bot");
        HttpResponse<String> second = select("reporting-bot");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode body = Agents.json(first);
        assertThat(Agents.texts(body.path("columns"))).containsExactly("id", "full_name", "email");
        assertThat(body.path("rows")).hasSize(2);
        assertThat(body.path("rows").get(0).get(0).asLong()).isEqualTo(1);
        assertThat(body.path("rows").get(0).get(1).asText()).isEqualTo("Ann Example");
        assertThat(body.path("rows").get(0).get(2).asText()).isEqualTo("***@mohr.com");
        assertThat(body.path("rows").get(1).get(2).asText()).isEqualTo("***@schultz.io");
        assertThat(body.path("masked").path("email").asInt()).isEqualTo(2);
        assertThat(first.body()).doesNotContain("ann.example@mohr.com");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);

        // One AssumeRole for both identical reads, with exactly the target's read policy: the reading user's secret only.
        List<JsonNode> roles = assumedRoles();
        assertThat(roles).hasSize(1);
        JsonNode session = roles.getFirst();
        String firstId = Agents.json(first).path("requestId").asText();
        String secondId = Agents.json(second).path("requestId").asText();
        assertThat(session.path("session_name").asText()).isEqualTo(firstId);
        assertThat(session.path("role_arn").asText()).isEqualTo(ROLE);
        assertThat(JSON.readTree(session.path("policy").asText())).isEqualTo(JSON.readTree("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"rds-data:ExecuteStatement","Resource":"%s"},
                  {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}
                """.formatted(CLUSTER, READ_SECRET)));

        // Both statements reached the Data API signed with the session's key, not the gateway's own.
        List<RecordedRequest> calls = executeStatements();
        assertThat(calls).hasSize(2).allSatisfy(call -> assertThat(call.header("Authorization"))
                .contains("Credential=" + session.path("access_key_id").asText() + "/")
                .doesNotContain(BASE_KEY_ID));
        assertThat(JSON.readTree(calls.getFirst().body()).path("sql").asText())
                .isEqualTo("select id, full_name, email from customers where id < :p1");
        assertThat(calls).allSatisfy(call -> assertThat(JSON.readTree(call.body()).path("secretArn").asText())
                .isEqualTo(READ_SECRET));

        // The audit trail names the session: the second request ran on the session the first assumed.
        String assumedRoleArn = session.path("arn").asText();
        for (String id : List.of(firstId, secondId)) {
            Map<String, AttributeValue> outcome = audit.record(id, "outcome");
            assertThat(outcome.get("status").s()).isEqualTo("COMPLETED");
            Map<String, AttributeValue> credentials = outcome.get("credentials").m();
            assertThat(credentials.get("kind").s()).isEqualTo("aws-sts-session");
            assertThat(credentials.get("sessionName").s()).isEqualTo(firstId);
            assertThat(credentials.get("principal").s()).isEqualTo(assumedRoleArn);
        }
        assertThat(assumedRoleArn).endsWith("assumed-role/airlock-target-orders/" + firstId);
        assertThat(audit.record(firstId, "intent").get("target").s()).isEqualTo("orders");

        // No secret anywhere the agent, an operator or an auditor looks. Checked, never printed.
        List<String> secrets = List.of(BASE_SECRET, session.path("secret_access_key").asText(),
                session.path("session_token").asText());
        List<String> places = new ArrayList<>(List.of(first.body(), second.body(), gateway.output()));
        places.addAll(audit.allRecordsAsText());
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            boolean leaked = places.stream().anyMatch(text -> text.contains(secret));
            assertThat(leaked).as("a secret key or session token appears in a response, the gateway's output "
                    + "or the audit trail").isFalse();
        }
    }

    @Test
    void theDemoTarget_stillRunsOnItsDatabaseLogin() {
        HttpResponse<String> response = Agents.post(gateway.url(), Agents.token(gateway.dataDir(), "reporting-bot"),
                Agents.body("demo", "select id from customers order by id limit 1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = Agents.json(response).path("requestId").asText();
        Map<String, AttributeValue> credentials = audit.record(id, "outcome").get("credentials").m();
        assertThat(credentials.get("kind").s()).isEqualTo("database-login");
        assertThat(credentials).doesNotContainKey("sessionName");
    }

    @Test
    void aBrokenTargetsFile_stopsStartUpWithEveryProblemAndItsFixAtOnce() throws Exception {
        Path dataDir = dir.resolve("broken");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("targets.json"), """
                {"targets":[
                  {"name":"demo","kind":"rds-data","clusterArn":"arn:aws:s3:::bucket","secretArn":"%s",
                   "database":"orders","roleArn":"%s"},
                  {"name":"ghost","kind":"rds-data","clusterArn":"%s","secretArn":"%s","roleArn":"%s",
                   "password":"canary-db-password"}]}
                """.formatted(SECRET, ROLE, CLUSTER, SECRET, ROLE));

        assertThatThrownBy(() -> LocalGateway.start(dataDir, awsEnvironment(), List.of("--policies",
                policies.toString())))
                .hasMessageContaining("targets.json cannot be used")
                .hasMessageContaining("the name 'demo' is taken by another target")
                .hasMessageContaining("clusterArn 'arn:aws:s3:::bucket' is not the right kind of ARN")
                .hasMessageContaining("the policies do not declare Target::\"ghost\"")
                .hasMessageContaining("unknown field 'password'")
                .hasMessageContaining("database is missing")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("canary-db-password"));
    }

    @Test
    void theGatewayAnnouncesTheTarget() {
        assertThat(gateway.output()).contains("target orders  RDS Data API on " + CLUSTER);
    }
}
