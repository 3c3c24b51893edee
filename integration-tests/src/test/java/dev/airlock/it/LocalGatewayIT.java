package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.Base64URL;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local gateway end to end, started with {@code airlock local} and called over HTTP as an
 * agent calls it, with the real embedded PostgreSQL and DynamoDB Local behind it.
 */
class LocalGatewayIT {
    @TempDir
    static Path dataDir;
    static LocalGateway gateway;
    static AuditTrail audit;
    static DemoDatabaseAccess database;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dataDir.resolve(".airlock"));
        audit = new AuditTrail(gateway.dynamo());
        database = new DemoDatabaseAccess(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String requestId(HttpResponse<String> response) {
        return Agents.json(response).path("requestId").asText();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Agents.json(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://airlock.dev/problems/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    @Test
    void reportingBot_selectsCustomers_andGetsPersonalDataMasked() throws Exception {
        HttpResponse<String> response = Agents.sql(gateway, "reporting-bot", "select * from customers order by id limit 5");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Agents.json(response);
        assertThat(Agents.texts(body.path("columns"))).containsExactly("id", "full_name", "email", "phone",
                "card_number", "ssn", "birth_date", "city");
        assertThat(body.path("rows")).hasSize(5);
        for (JsonNode row : body.path("rows")) {
            assertThat(row.get(2).asText()).matches("\\*\\*\\*@[a-z0-9.-]+");
            assertThat(row.get(3).asText()).matches("phone_[0-9a-f]{16}");
            assertThat(row.get(4).asText()).matches("(\\*{4}-){3}\\d{4}");
            assertThat(row.get(5).asText()).isEqualTo("[SSN]");
            assertThat(row.get(6).asText()).isEqualTo("[DATE_OF_BIRTH]");
        }
        assertThat(body.path("masked").path("email").asInt()).isEqualTo(5);
        assertThat(body.path("masked").path("card").asInt()).isEqualTo(5);
        assertThat(body.path("masked").path("date_of_birth").asInt()).isEqualTo(5);
        for (String column : List.of("email", "phone", "card_number", "ssn", "birth_date::text")) {
            for (String raw : database.column("select " + column + " from customers order by id limit 5")) {
                assertThat(response.body()).doesNotContain(raw);
            }
        }

        String id = requestId(response);
        var intent = audit.record(id, "intent");
        assertThat(intent.get("agentId").s()).isEqualTo("reporting-bot");
        assertThat(intent.get("target").s()).isEqualTo("demo");
        // It reads masked columns, so no literal is kept: any of them could be one of their values.
        assertThat(intent.get("statement").s()).isEqualTo("select * from customers order by id limit [REDACTED]");
        assertThat(intent.get("kind").s()).isEqualTo("sql:select");
        assertThat(intent.get("risk").s()).isEqualTo("read");
        assertThat(intent.get("effect").s()).isEqualTo("ALLOW");
        assertThat(intent.get("policyIds").l()).extracting(AttributeValue::s).containsExactly("reporting-read-demo");
        var outcome = audit.record(id, "outcome");
        assertThat(outcome.get("status").s()).isEqualTo("COMPLETED");
        assertThat(outcome.get("rowCount").n()).isEqualTo("5");
        assertThat(outcome.get("maskedCounts").m().get("ssn").n()).isEqualTo("5");
        assertThat(Long.parseLong(outcome.get("durationMillis").n())).isGreaterThanOrEqualTo(0);
    }

    @Test
    void phonePseudonyms_areStableAcrossRequestsSoReportsCanStillCountPerNumber() throws Exception {
        JsonNode first = Agents.json(Agents.sql(gateway, "reporting-bot",
                "select id, phone from customers where id in (1, 2) order by id"));
        JsonNode again = Agents.json(Agents.sql(gateway, "reporting-bot",
                "select count(o.id), c.phone from customers c left join orders o on o.customer_id = c.id "
                        + "where c.id = 1 group by c.id"));

        String customer1 = first.path("rows").get(0).get(1).asText();
        assertThat(customer1).matches("phone_[0-9a-f]{16}")
                .isNotEqualTo(first.path("rows").get(1).get(1).asText());
        assertThat(again.path("rows").get(0).get(1).asText()).isEqualTo(customer1);
        assertThat(first.path("masked").path("phone").asInt()).isEqualTo(2);
    }

    @Test
    void secretNamedByItsColumn_neverReachesTheResponseOrTheAuditTrail() throws Exception {
        String canary = "canary-s3cret-" + System.nanoTime();

        HttpResponse<String> literal = Agents.sql(gateway, "reporting-bot",
                "select '" + canary + "' as api_key, full_name from customers where id = 1");
        HttpResponse<String> param = Agents.sql(gateway, "reporting-bot",
                "select ? as password from customers where id = 1", canary);

        assertThat(literal.statusCode()).as(literal.body()).isEqualTo(200);
        assertThat(Agents.json(literal).path("rows").get(0).get(0).asText()).isEqualTo("[SECRET]");
        assertThat(Agents.json(param).path("rows").get(0).get(0).asText()).isEqualTo("[SECRET]");
        assertThat(literal.body() + param.body()).doesNotContain(canary);
        assertThat(audit.record(requestId(literal), "intent").get("statement").s())
                .isEqualTo("select '[SECRET]' as api_key, full_name from customers where id = 1");
        assertThat(audit.allRecordsAsText()).noneMatch(r -> r.contains(canary));
    }

    @Test
    void personalDataInTheStatement_neverReachesTheAuditTrail() throws Exception {
        String email = database.column("select email from customers where id = 7").get(0);
        String ssn = database.column("select ssn from customers where id = 7").get(0);

        // ops-bot may filter on personal data (reporting-bot may not: a boolean oracle); its
        // statements are masked by the detectors alone.
        HttpResponse<String> byParam = Agents.sql(gateway, "ops-bot",
                "select id from customers where email = ?", email);
        HttpResponse<String> byLiteral = Agents.sql(gateway, "ops-bot",
                "select id from customers where ssn = '" + ssn + "'");

        assertThat(Agents.json(byParam).path("rows").get(0).get(0).asInt()).isEqualTo(7);
        assertThat(Agents.json(byLiteral).path("rows").get(0).get(0).asInt()).isEqualTo(7);
        assertThat(audit.record(requestId(byParam), "intent").get("params").l()).extracting(AttributeValue::s)
                .containsExactly("[EMAIL]");
        assertThat(audit.record(requestId(byLiteral), "intent").get("statement").s())
                .isEqualTo("select id from customers where ssn = '[SSN]'");
        assertThat(audit.allRecordsAsText()).noneMatch(r -> r.contains(email) || r.contains(ssn));
    }

    @Test
    void dropTable_isDeniedByNamedPolicy_andNothingRuns() throws Exception {
        HttpResponse<String> response = Agents.sql(gateway, "ops-bot", "drop table customers");

        assertProblem(response, 403, "policy-denied");
        JsonNode problem = Agents.json(response);
        assertThat(problem.path("decision").path("effect").asText()).isEqualTo("DENY");
        assertThat(Agents.texts(problem.path("decision").path("policies")))
                .containsExactly("no-schema-or-privilege-changes");
        assertThat(problem.path("detail").asText()).contains("forbids ops-bot to run sql:ddl on demo.public.customers");
        assertThat(database.count("select count(*) from customers")).isPositive();
        assertThat(audit.status(requestId(response))).isEqualTo("DENIED");
        assertThat(audit.record(requestId(response), "intent").get("policyIds").l()).extracting(AttributeValue::s)
                .containsExactly("no-schema-or-privilege-changes");
    }

    @Test
    void opsBotDelete_waitsForApproval_andNothingRuns() throws Exception {
        long id = Long.parseLong(database.column("select max(id) from orders").get(0));

        HttpResponse<String> response = Agents.sql(gateway, "ops-bot", "delete from orders where id = ?", id);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = Agents.json(response);
        assertThat(body.path("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(Agents.texts(body.path("policies"))).containsExactly("ops-change-demo-with-approval");
        assertThat(database.count("select count(*) from orders where id = " + id)).isEqualTo(1);
        var held = audit.pendingApproval(requestId(response));
        assertThat(held.get("status").s()).isEqualTo("PENDING");
        assertThat(held.get("sql").s()).isEqualTo("delete from orders where id = ?");
        assertThat(held.get("params").l().get(0).n()).isEqualTo(String.valueOf(id));
        assertThat(held.get("requestSha256").s())
                .isEqualTo(audit.record(requestId(response), "intent").get("requestSha256").s());
        assertThat(audit.status(requestId(response))).isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void missingToken_isRefused() {
        HttpResponse<String> response = Agents.post(gateway.url(), null, Agents.body("demo", "select 1"));

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(audit.status(requestId(response))).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void expiredToken_isRefused() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = Agents.issuer(SigningKeyFile.load(gateway.dataDir()), TokenSettings.LOCAL_DEFAULTS, anHourAgo)
                .issue("reporting-bot", Duration.ofMinutes(15)).token();

        HttpResponse<String> response = Agents.post(gateway.url(), expired, Agents.body("demo", "select 1"));

        assertProblem(response, 401, "unauthenticated");
        assertThat(Agents.json(response).path("detail").asText()).contains("expired");
    }

    @Test
    void tamperedToken_isRefused() {
        String[] parts = Agents.token(gateway.dataDir(), "reporting-bot").split("\\.");
        String claims = Base64URL.from(parts[1]).decodeToString().replace("reporting-bot", "ops-bot");
        String tampered = parts[0] + "." + Base64URL.encode(claims) + "." + parts[2];

        HttpResponse<String> response = Agents.post(gateway.url(), tampered, Agents.body("demo", "select 1"));

        assertProblem(response, 401, "unauthenticated");
        assertThat(Agents.json(response).path("detail").asText()).contains("signature");
    }

    @Test
    void tokenForAnotherAudience_isRefused() {
        TokenSettings otherAudience = new TokenSettings(TokenSettings.LOCAL_ISSUER, "some-other-service",
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(30));
        String token = Agents.issuer(SigningKeyFile.load(gateway.dataDir()), otherAudience, Clock.systemUTC())
                .issue("reporting-bot", null).token();

        HttpResponse<String> response = Agents.post(gateway.url(), token, Agents.body("demo", "select 1"));

        assertProblem(response, 401, "unauthenticated");
        assertThat(Agents.json(response).path("detail").asText()).contains("audience");
    }

    @Test
    void malformedJson_isRejectedAndAudited() {
        HttpResponse<String> response = Agents.post(gateway.url(), Agents.token(gateway.dataDir(), "reporting-bot"),
                "{\"target\": \"demo\", \"sql\": ");

        assertProblem(response, 400, "malformed-request");
        assertThat(Agents.json(response).path("detail").asText()).contains("not valid JSON");
        var intent = audit.record(requestId(response), "intent");
        assertThat(intent.get("agentId").s()).isEqualTo("reporting-bot");
        assertThat(audit.status(requestId(response))).isEqualTo("REJECTED");
    }

    @Test
    void multiStatementSql_isDeniedAndNothingRuns() throws Exception {
        HttpResponse<String> response = Agents.sql(gateway, "ops-bot", "select 1; drop table orders");

        assertProblem(response, 403, "policy-denied");
        assertThat(Agents.json(response).path("detail").asText()).contains("2 statements");
        assertThat(database.count("select count(*) from orders")).isPositive();
        assertThat(audit.record(requestId(response), "intent").get("kind").s()).isEqualTo("sql:unknown");
        assertThat(audit.status(requestId(response))).isEqualTo("DENIED");
    }

    @Test
    void unparseableSql_isDenied() {
        HttpResponse<String> response = Agents.sql(gateway, "reporting-bot", "selec * frm customers");

        assertProblem(response, 403, "policy-denied");
        assertThat(Agents.json(response).path("detail").asText()).contains("not valid PostgreSQL");
        assertThat(audit.status(requestId(response))).isEqualTo("DENIED");
    }

    @Test
    void tableOutsideThePolicy_isDenied() {
        HttpResponse<String> response = Agents.sql(gateway, "reporting-bot", "select * from pg_catalog.pg_roles");

        assertProblem(response, 403, "policy-denied");
        assertThat(Agents.json(response).path("detail").asText()).contains("demo.pg_catalog.pg_roles");
    }

    @Test
    void unknownTarget_isRejectedWithTheConfiguredTargets() {
        HttpResponse<String> response = Agents.post(gateway.url(), Agents.token(gateway.dataDir(), "reporting-bot"),
                Agents.body("prod", "select 1"));

        assertProblem(response, 404, "unknown-target");
        assertThat(Agents.json(response).path("detail").asText()).contains("demo");
    }

    @Test
    void gateway_listensOnLoopbackOnly() throws Exception {
        List<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).toList();
        int dynamoPort = java.net.URI.create(gateway.runtimeFile().path("dynamodbEndpoint").asText()).getPort();
        for (InetAddress address : external) {
            for (int port : new int[]{gateway.port(), dynamoPort}) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 2000);
                    }
                }).as("port %d on %s", port, address).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void cliSql_printsMaskedCustomersAsATable() {
        Cli.Result result = Cli.run("sql", "--data-dir", gateway.dataDir().toString(), "--target", "demo",
                "select * from customers limit 5");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).contains("full_name").contains("email").contains("ssn");
        assertThat(lines).hasSize(8);
        assertThat(lines.subList(2, 7)).allSatisfy(line -> assertThat(line).contains("***@").contains("[SSN]"));
        assertThat(lines.get(7)).startsWith("5 rows · masked: card 5, date_of_birth 5, email 5, phone 5, ssn 5 · request ");
    }

    @Test
    void cliAudit_findsAndReplaysWhatAnAgentDid() throws Exception {
        String agent = "reporting-bot";
        HttpResponse<String> read = Agents.sql(gateway, agent, "select email from customers where id = 3");
        HttpResponse<String> refused = Agents.sql(gateway, agent, "update customers set city = 'Oslo' where id = 3");
        String readId = requestId(read);
        String refusedId = requestId(refused);

        Cli.Result search = Cli.run("audit", "search", "--data-dir", gateway.dataDir().toString(), "--agent", agent,
                "--from", "10m", "--json");
        Cli.Result denials = Cli.run("audit", "search", "--data-dir", gateway.dataDir().toString(), "--agent", agent,
                "--decision", "deny", "--from", "10m", "--json");
        Cli.Result replay = Cli.run("audit", "replay", "--data-dir", gateway.dataDir().toString(), readId);

        assertThat(search.exitCode()).as(search.stderr()).isZero();
        List<JsonNode> found = search.stdout().lines().map(Agents::parse).toList();
        assertThat(found).extracting(n -> n.path("requestId").asText()).contains(readId, refusedId);
        assertThat(found.stream().filter(n -> n.path("requestId").asText().equals(readId)).findFirst().orElseThrow()
                .path("masked").path("email").asInt()).isEqualTo(1);
        assertThat(denials.stdout().lines().map(Agents::parse).map(n -> n.path("requestId").asText()))
                .contains(refusedId).doesNotContain(readId);
        assertThat(replay.exitCode()).as(replay.stderr()).isZero();
        assertThat(replay.stdout()).contains("reporting-bot sent to demo: select email from customers where id = [EMAIL]")
                .contains("decision: ALLOW by reporting-read-demo").contains("COMPLETED after")
                .contains("masked: email 1");
        Cli.Result missing = Cli.run("audit", "replay", "--data-dir", gateway.dataDir().toString(), "no-such-id");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("airlock: The audit trail has no request no-such-id");
    }

    @Test
    void cliSql_whenOpsBotDeletes_saysPendingAndExits3() {
        Cli.Result result = Cli.run("sql", "--data-dir", gateway.dataDir().toString(), "--agent", "ops-bot",
                "delete from orders where id = ?", "-p", "1");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).startsWith("PENDING_APPROVAL: request ");
    }

    @Test
    void cliSql_whenDenied_printsOneLineAndExits1() {
        Cli.Result result = Cli.run("sql", "--data-dir", gateway.dataDir().toString(), "--agent", "ops-bot",
                "drop table customers");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr().lines()).singleElement().asString()
                .startsWith("airlock: Denied by policy (403): Policy no-schema-or-privilege-changes forbids");
    }

    @Test
    void cliToken_printsATokenTheGatewayAccepts() {
        Cli.Result result = Cli.run("token", "--data-dir", gateway.dataDir().toString(), "--agent", "reporting-bot");

        assertThat(result.exitCode()).isZero();
        String token = result.stdout().strip();
        HttpResponse<String> response = Agents.post(gateway.url(), token,
                Agents.body("demo", "select count(*) from orders"));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void cliToken_isAShortLivedEs256JwtNamingTheAgent() throws Exception {
        String token = Cli.run("token", "--data-dir", gateway.dataDir().toString(), "--agent", "ops-bot")
                .stdout().strip();

        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(token);
        var claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(SigningKeyFile.load(gateway.dataDir()).getKeyID());
        assertThat(claims.getIssuer()).isEqualTo("airlock-local");
        assertThat(claims.getAudience()).containsExactly("airlock-gateway");
        assertThat(claims.getSubject()).isEqualTo("ops-bot");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void opsBot_mayReadButNotChangeSchema() {
        HttpResponse<String> read = Agents.sql(gateway, "ops-bot", "select count(*) from customers");
        HttpResponse<String> update = Agents.sql(gateway, "ops-bot",
                "update customers set city = 'Oslo' where id = 1");
        HttpResponse<String> alter = Agents.sql(gateway, "ops-bot", "alter table orders add column note text");

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(update.statusCode()).isEqualTo(202);
        assertProblem(alter, 403, "policy-denied");
    }

    @Test
    void reportingBot_mayNotWrite() {
        assertProblem(Agents.sql(gateway, "reporting-bot", "update customers set city = 'Oslo' where id = 1"),
                403, "policy-denied");
    }

    @Test
    void cliToken_forUnknownAgent_namesTheKnownOnes() {
        Cli.Result result = Cli.run("token", "--data-dir", gateway.dataDir().toString(), "--agent", "mallory");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr().lines()).singleElement().asString()
                .contains("Unknown agent 'mallory'").contains("ops-bot, reporting-bot");
    }

    @Test
    void databasePassword_neverLeavesTheGateway() {
        String password = database.demoPassword();
        HttpResponse<String> failing = Agents.sql(gateway, "reporting-bot", "select no_such_column from customers");

        assertProblem(failing, 422, "statement-failed");
        assertThat(failing.body()).doesNotContain(password);
        assertThat(audit.allRecordsAsText()).noneMatch(r -> r.contains(password));
        assertThat(gateway.output()).doesNotContain(password);
    }
}
