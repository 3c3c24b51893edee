package dev.airlock.function;

import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.TokenSettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The function through the Lambda event path: RestAssured calls go to Quarkus's mock event
 * server, which hands them to the handler as API Gateway HTTP API events.
 */
@QuarkusTest
@QuarkusTestResource(value = LambdaTestEnvironment.class, restrictToAnnotatedClass = true)
class GatewayFunctionTest {

    private static String token(String agent) {
        TokenSettings settings = new TokenSettings(LambdaTestEnvironment.ISSUER, "airlock-gateway",
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(30));
        return new GatewayTokenIssuer(LambdaTestEnvironment.signingKey, settings, Clock.systemUTC())
                .issue(agent, null).token();
    }

    private static Response sql(String agent, String sql) {
        return given().header("Authorization", "Bearer " + token(agent)).contentType(ContentType.JSON)
                .body(Map.of("target", "demo", "sql", sql)).post("/v1/sql");
    }

    private static Map<String, AttributeValue> auditRecord(String requestId, String phase) {
        try (DynamoDbClient dynamo = LambdaTestEnvironment.dynamo()) {
            return dynamo.getItem(b -> b.tableName("airlock-audit").key(Map.of(
                    "requestId", AttributeValue.fromS(requestId), "phase", AttributeValue.fromS(phase)))).item();
        }
    }

    @Test
    void sql_whenReportingBotSelects_returnsMaskedRowsAndAudits() {
        Response response = sql("reporting-bot", "select email, ssn, city from customers order by id limit 3");

        response.then().statusCode(200).contentType(ContentType.JSON)
                .body("columns", equalTo(List.of("email", "ssn", "city")))
                .body("rows.size()", equalTo(3))
                .body("rows.collect { it[0] }", everyItem(startsWith("***@")))
                .body("rows.collect { it[1] }", everyItem(equalTo("[SSN]")))
                .body("masked.email", equalTo(3));
        String requestId = response.path("requestId");
        assertThat(auditRecord(requestId, "intent")).containsKey("statement");
        assertThat(auditRecord(requestId, "outcome").get("status").s()).isEqualTo("COMPLETED");
    }

    @jakarta.inject.Inject
    SnapStartRestoreHooks snapStartHooks;

    @Test
    void sql_afterASnapStartRestore_runsOnNewDatabaseSessionsAndTheOldOnesAreClosed() throws Exception {
        sql("reporting-bot", "select city from customers order by id limit 1").then().statusCode(200);
        java.util.Set<Integer> beforeSnapshot = LambdaTestEnvironment.gatewaySessionsWithout(java.util.Set.of());
        assertThat(beforeSnapshot).isNotEmpty();

        snapStartHooks.beforeCheckpoint(null);
        snapStartHooks.afterRestore(null);

        assertThat(LambdaTestEnvironment.gatewaySessionsWithout(beforeSnapshot)).doesNotContainAnyElementsOf(beforeSnapshot);
        sql("reporting-bot", "select city from customers order by id limit 1").then().statusCode(200)
                .body("rows.size()", equalTo(1));
        assertThat(LambdaTestEnvironment.gatewaySessionsWithout(beforeSnapshot)).isNotEmpty()
                .doesNotContainAnyElementsOf(beforeSnapshot);
    }

    @Test
    void sql_whenDropTable_isForbiddenByNamedPolicy() {
        sql("ops-bot", "drop table customers").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://airlock.dev/problems/policy-denied"))
                .body("decision.policies", hasItem("no-schema-or-privilege-changes"));
    }

    @Test
    void sql_whenOpsBotDeletes_isHeldForApproval() {
        Response response = sql("ops-bot", "delete from orders where id = 1");

        response.then().statusCode(202).body("status", equalTo("PENDING_APPROVAL"));
        assertThat(auditRecord(response.path("requestId"), "outcome").get("status").s())
                .isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void sql_whenTokenMissing_answers401Problem() {
        given().contentType(ContentType.JSON).body(Map.of("target", "demo", "sql", "select 1"))
                .post("/v1/sql").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("title", equalTo("Missing or invalid token"));
    }

    @Test
    void sql_whenBodyIsNotJson_answers400Problem() {
        given().header("Authorization", "Bearer " + token("reporting-bot")).contentType(ContentType.JSON)
                .body("{not json").post("/v1/sql").then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void mcp_whenReportingBotQueries_theFunctionServesTheToolWithMaskedRows() {
        String token = token("reporting-bot");
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").post("/mcp")
                .then().statusCode(200).body("result.tools.name", hasItem("sql_query"));
        Response response = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"sql_query\","
                        + "\"arguments\":{\"target\":\"demo\",\"sql\":\"select email from customers order by id limit 2\"}}}")
                .post("/mcp");

        response.then().statusCode(200).body("result.isError", equalTo(false))
                .body("result.structuredContent.rows.collect { it[0] }", everyItem(startsWith("***@")));
        String requestId = response.path("result.structuredContent.requestId");
        assertThat(auditRecord(requestId, "outcome").get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void mcp_withoutAToken_pointsAtTheProtectedResourceMetadata() {
        given().contentType(ContentType.JSON).body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("/.well-known/oauth-protected-resource"));
        given().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", org.hamcrest.Matchers.endsWith("/mcp"));
    }

    @Test
    void unknownPath_answers404Problem() {
        given().get("/v1/nothing").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void jwks_publishesTheConfiguredPublicKeysOnly() {
        given().get("/.well-known/jwks.json").then().statusCode(200).contentType(ContentType.JSON)
                .body("keys.kid", equalTo(List.of(LambdaTestEnvironment.signingKey.getKeyID())))
                .body("keys[0].d", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void tokenExchange_whenFunctionHasNoSigningKey_answers404Problem() {
        given().contentType("application/x-www-form-urlencoded").body("grant_type=x").post("/v1/token")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("does not exchange tokens"));
    }
}
