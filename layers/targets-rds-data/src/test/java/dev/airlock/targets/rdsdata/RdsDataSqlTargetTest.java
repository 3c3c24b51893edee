package dev.airlock.targets.rdsdata;

import dev.airlock.credentials.aws.StsCredentialBroker;
import dev.airlock.credentials.aws.StsSessionCredentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.CredentialsUsed;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.CredentialBroker;
import dev.airlock.core.port.TargetUnavailableException;
import dev.airlock.testing.MotoServer;
import dev.airlock.testing.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.AwsSignerExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RDS Data API target and its STS broker against moto_server: moto returns canned results
 * (no SQL runs) and records every request, so what reached "AWS" is checked from its recorder.
 */
class RdsDataSqlTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/airlock-target-orders";
    private static final RdsDataTargetSpec ORDERS = new RdsDataTargetSpec("orders",
            "arn:aws:rds:us-east-1:123456789012:cluster:orders",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf", "orders", ROLE,
            SqlDialect.POSTGRESQL);
    private static final RdsDataTargetSpec BILLING = new RdsDataTargetSpec("billing",
            "arn:aws:rds:us-east-1:123456789012:cluster:billing",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing-db-XyZ123", "billing", ROLE,
            SqlDialect.POSTGRESQL);
    private static final String BASE_SECRET = "canary-gateway-base-secret";
    private static final AgentIdentity AGENT = new AgentIdentity("reporting-bot", "t-1", Instant.EPOCH,
            Instant.now().plusSeconds(600));
    private static MotoServer moto;
    private static StsClient sts;
    private static RdsDataClient rdsData;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        StaticCredentialsProvider base = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAGATEWAYBASE00001", BASE_SECRET));
        sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(base).httpClient(UrlConnectionHttpClient.create()).build();
        rdsData = RdsDataClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(base).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sts.close();
        rdsData.close();
        moto.close();
    }

    @BeforeEach
    void reset() {
        moto.post("/moto-api/reset", "");
        moto.startRecording();
    }

    private static StsTargetCredentialBroker broker() {
        return new StsTargetCredentialBroker(new StsCredentialBroker(sts), List.of(ORDERS, BILLING));
    }

    private static SqlExecution read(String sql, int maxRows, Object... params) {
        return new SqlExecution("r-" + System.nanoTime(), sql, List.of(params), true, maxRows, Duration.ofSeconds(20));
    }

    /** Queues canned results; moto hands them out last first, one per new (cluster, SQL) pair. */
    private static void cannedResults(String... results) {
        List<String> reversed = new ArrayList<>(List.of(results));
        java.util.Collections.reverse(reversed);
        moto.post("/moto-api/static/rds-data/statement-results",
                "{\"results\":[" + String.join(",", reversed) + "]}");
    }

    private static final String CUSTOMERS = """
            {"columnMetadata":[
               {"name":"id","label":"id","typeName":"int8","tableName":"customers","schemaName":"public"},
               {"name":"email","label":"contact","typeName":"text","tableName":"customers","schemaName":"public"},
               {"name":"score","label":"score","typeName":"float8"},
               {"name":"active","label":"active","typeName":"bool"},
               {"name":"note","label":"note","typeName":"text"}],
             "records":[
               [{"longValue":1},{"stringValue":"ann@example.com"},{"doubleValue":1.5},{"booleanValue":true},{"isNull":true}],
               [{"longValue":2},{"stringValue":"bob@example.com"},{"doubleValue":2.5},{"booleanValue":false},{"stringValue":"x"}],
               [{"longValue":3},{"stringValue":"cy@example.com"},{"doubleValue":3.5},{"booleanValue":true},{"stringValue":"y"}]],
             "numberOfRecordsUpdated":0}
            """;

    private static List<RecordedRequest> executeStatements() {
        return moto.recordedRequests().stream().filter(r -> r.url().contains("/Execute")).toList();
    }

    @Test
    void execute_whenMotoReturnsRows_mapsColumnsValuesAndRowCap() throws Exception {
        cannedResults(CUSTOMERS);
        RdsDataSqlTarget target = new RdsDataSqlTarget(ORDERS, rdsData);
        StsSessionCredentials session = (StsSessionCredentials) broker().credentialsFor("orders", AGENT, "r-1");

        QueryResult result = target.execute(read("select id, email as contact, score, active, note from customers",
                2), session);

        assertThat(result.columns()).extracting(ResultColumn::label)
                .containsExactly("id", "contact", "score", "active", "note");
        assertThat(result.columns().get(1).sourceColumn()).contains("email");
        assertThat(result.columns().get(1).sourceTable()).hasValueSatisfying(t ->
                assertThat(t.qualifiedName()).isEqualTo("public.customers"));
        assertThat(result.columns().get(2).sourceTable()).isEmpty();
        assertThat(result.rows()).containsExactly(
                java.util.Arrays.asList(1L, "ann@example.com", 1.5, true, null),
                java.util.Arrays.asList(2L, "bob@example.com", 2.5, false, "x"));
        assertThat(result.truncated()).isTrue();
        assertThat(result.rowsAffected()).isEqualTo(-1);
    }

    @Test
    void execute_sendsClusterSecretDatabaseNamedParametersAndMetadataFlag() throws Exception {
        cannedResults(CUSTOMERS);
        RdsDataSqlTarget target = new RdsDataSqlTarget(ORDERS, rdsData);

        target.execute(read("select * from customers where id = ? and email <> '?' and note = ? -- ?", 10,
                42, "it's"), broker().credentialsFor("orders", AGENT, "r-1"));

        JsonNode call = JSON.readTree(executeStatements().getFirst().body());
        assertThat(call.path("resourceArn").asText()).isEqualTo(ORDERS.clusterArn());
        assertThat(call.path("secretArn").asText()).isEqualTo(ORDERS.secretArn());
        assertThat(call.path("database").asText()).isEqualTo("orders");
        assertThat(call.path("includeResultMetadata").asBoolean()).isTrue();
        assertThat(call.path("continueAfterTimeout").asBoolean(true)).isFalse();
        assertThat(call.path("sql").asText())
                .isEqualTo("select * from customers where id = :p1 and email <> '?' and note = :p2 -- ?");
        assertThat(call.path("parameters")).isEqualTo(JSON.readTree("""
                [{"name":"p1","value":{"longValue":42}},{"name":"p2","value":{"stringValue":"it's"}}]"""));
    }

    @Test
    void execute_isSignedWithTheRequestsSessionKeyNotTheGatewaysOwn() throws Exception {
        cannedResults(CUSTOMERS);
        RdsDataSqlTarget target = new RdsDataSqlTarget(ORDERS, rdsData);
        StsSessionCredentials session = (StsSessionCredentials) broker().credentialsFor("orders", AGENT, "r-1");

        target.execute(read("select 1", 10), session);

        assertThat(session.accessKeyId()).startsWith("ASIA");
        RecordedRequest call = executeStatements().getFirst();
        String authorization = call.header("Authorization");
        assertThat(authorization).contains("Credential=" + session.accessKeyId() + "/")
                .doesNotContain("AKIAGATEWAYBASE00001");
        // Compared, never printed: the token travels in its own header, the secret key not at all.
        boolean tokenSent = call.header("X-Amz-Security-Token").equals(session.credentials().sessionToken());
        assertThat(tokenSent).as("the session token was sent with the call").isTrue();
        boolean secretLeaked = call.toString().contains(session.credentials().secretAccessKey())
                || call.toString().contains(BASE_SECRET);
        assertThat(secretLeaked).as("a secret key appears in the recorded request").isFalse();
        assertThat(session.toString()).doesNotContain(session.credentials().secretAccessKey())
                .doesNotContain(session.credentials().sessionToken());
    }

    /** Records the credentials the SDK signed each call with (after signing, before sending). */
    private static final class SignedWith implements ExecutionInterceptor {
        final List<AwsCredentials> credentials = new CopyOnWriteArrayList<>();

        @Override
        @SuppressWarnings("deprecation") // the public view of the identity the selected auth scheme signed with
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            credentials.add(attributes.getAttribute(AwsSignerExecutionAttribute.AWS_CREDENTIALS));
        }
    }

    @Test
    void execute_signsWithTheVerySdkCredentialsObjectStsReturned() throws Exception {
        SignedWith signedWith = new SignedWith();
        StsCredentialBroker sessions = new StsCredentialBroker(sts);
        StsTargetCredentialBroker broker = new StsTargetCredentialBroker(sessions, List.of(ORDERS));
        try (RdsDataClient client = RdsDataClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAGATEWAYBASE00001", BASE_SECRET)))
                .overrideConfiguration(o -> o.addExecutionInterceptor(signedWith))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            StsSessionCredentials first = (StsSessionCredentials) broker.credentialsFor("orders", AGENT, "r-1");
            StsSessionCredentials reused = (StsSessionCredentials) broker.credentialsFor("orders", AGENT, "r-2");

            new RdsDataSqlTarget(ORDERS, client).execute(read("select 1", 10), reused);

            // The cached session's credentials, as the broker built them from STS's answer.
            AwsSessionCredentials fromSts = sessions.sessionFor("r-3", AGENT.agentId(), ROLE,
                    StsTargetCredentialBroker.policyFor(ORDERS)).credentials();
            assertThat(moto.recordedActions("AssumeRole")).hasSize(1);
            assertThat(reused).isSameAs(first);
            assertThat(reused.credentials()).isSameAs(fromSts);
            assertThat(signedWith.credentials).singleElement().isSameAs(fromSts);
        }
    }

    @Test
    void execute_whenCredentialsAreNotAnStsSession_refusesWithoutCallingAws() {
        RdsDataSqlTarget target = new RdsDataSqlTarget(ORDERS, rdsData);
        DatabaseLogin login = new DatabaseLogin("airlock_gateway", Secret.of("canary-password"));

        assertThatThrownBy(() -> target.execute(read("select 1", 10), login))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("Target 'orders'")
                .hasMessageContaining("per-request STS session")
                .hasMessageContaining("DatabaseLogin")
                .hasMessageContaining("roleArn")
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("canary-password"));
        assertThatThrownBy(() -> target.execute(read("select 1", 10), () -> CredentialsUsed.databaseUser("x")))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("nothing ran");
        assertThat(executeStatements()).isEmpty();
    }

    @Test
    void credentials_whenRequestsRepeat_assumeOnceAndAnotherClusterAssumesAgainWithItsOwnPolicy() throws Exception {
        StsTargetCredentialBroker broker = broker();
        RdsDataSqlTarget orders = new RdsDataSqlTarget(ORDERS, rdsData);

        List<StsSessionCredentials> sessions = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            StsSessionCredentials session = (StsSessionCredentials) broker.credentialsFor("orders", AGENT, "r-" + i);
            orders.execute(read("select 1", 10), session);
            sessions.add(session);
        }
        StsSessionCredentials billing = (StsSessionCredentials) broker.credentialsFor("billing", AGENT, "r-6");

        List<Map<String, String>> assumed = moto.recordedActions("AssumeRole");
        assertThat(assumed).hasSize(2);
        assertThat(sessions).extracting(StsSessionCredentials::sessionName).containsOnly("r-1");
        assertThat(sessions).extracting(StsSessionCredentials::accessKeyId).containsOnly(sessions.getFirst().accessKeyId());
        assertThat(sessions.getFirst().assumedRoleArn()).endsWith(":assumed-role/airlock-target-orders/r-1");
        assertThat(billing.sessionName()).isEqualTo("r-6");
        assertThat(billing.accessKeyId()).isNotEqualTo(sessions.getFirst().accessKeyId());
        assertThat(JSON.readTree(assumed.get(0).get("Policy"))).isEqualTo(JSON.readTree("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"rds-data:ExecuteStatement","Resource":"%s"},
                  {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}
                """.formatted(ORDERS.clusterArn(), ORDERS.secretArn())));
        assertThat(assumed.get(1).get("Policy")).contains(BILLING.clusterArn(), BILLING.secretArn())
                .doesNotContain(ORDERS.clusterArn());
        assertThat(assumed.get(0)).containsEntry("RoleSessionName", "r-1").containsEntry("SourceIdentity",
                "reporting-bot").containsEntry("RoleArn", ROLE);
        assertThat(executeStatements()).hasSize(5);
    }

    @Test
    void execute_whenStatementChangesRows_reportsRowsAffected() throws Exception {
        cannedResults("{\"numberOfRecordsUpdated\":3,\"records\":[]}");
        RdsDataSqlTarget target = new RdsDataSqlTarget(ORDERS, rdsData);

        QueryResult result = target.execute(new SqlExecution("r-1", "update orders set status = 'x' where id < 4",
                List.of(), false, 10, Duration.ofSeconds(20)), broker().credentialsFor("orders", AGENT, "r-1"));

        assertThat(result.rowsAffected()).isEqualTo(3);
        assertThat(result.columns()).isEmpty();
    }

    @Test
    void execute_whenPlaceholdersAndParametersDisagree_refusesBeforeCallingAws() throws Exception {
        RdsDataSqlTarget target = new RdsDataSqlTarget(ORDERS, rdsData);
        var session = broker().credentialsFor("orders", AGENT, "r-1");

        assertThatThrownBy(() -> target.execute(read("select * from t where a = ? and b = ?", 10, 1), session))
                .isInstanceOf(StatementFailedException.class).hasMessageContaining("2 ? placeholders but 1 parameter");
        assertThat(executeStatements()).isEmpty();
    }

    @Test
    void placeholders_skipLiteralsIdentifiersCommentsAndDollarQuotes() throws Exception {
        assertThat(RdsDataSqlTarget.Placeholders.named(
                "select '?''?', \"a?\", $$ ? $$, $t$ ? $t$ /* ? */ from x where y = ?", 1, SqlDialect.POSTGRESQL))
                .isEqualTo("select '?''?', \"a?\", $$ ? $$, $t$ ? $t$ /* ? */ from x where y = :p1");
        assertThat(RdsDataSqlTarget.Placeholders.named("select `a?`, 'it\\'s ?' # ?\n from x where y = ?", 1,
                SqlDialect.MYSQL)).isEqualTo("select `a?`, 'it\\'s ?' # ?\n from x where y = :p1");
    }

    @Test
    void credentials_whenTheTargetIsUnknown_saySo() {
        assertThatThrownBy(() -> broker().credentialsFor("demo", AGENT, "r-1"))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("'demo' has no role");
    }

    // ---- errors, from a stub that answers like the Data API and STS do when they refuse ----

    /** A loopback server answering every call with {@code status}, the error type header and a body. */
    private static HttpServer stub(int status, String errorType, String contentType, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (errorType != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            }
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-1234");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Exception failure(int status, String errorType, String message) throws Exception {
        HttpServer server = stub(status, errorType, "application/json",
                JSON.createObjectNode().put("message", message).toString());
        try (RdsDataClient client = RdsDataClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAGATEWAYBASE00001", BASE_SECRET)))
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(1)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            new RdsDataSqlTarget(ORDERS, client).execute(read("select * from nope", 10), SESSION);
            throw new AssertionError("the call did not fail");
        } catch (StatementFailedException | TargetUnavailableException e) {
            return e;
        } finally {
            server.stop(0);
        }
    }

    private static final StsSessionCredentials SESSION = new StsSessionCredentials(AwsSessionCredentials.builder()
            .accessKeyId("ASIASESSIONKEY000001").secretAccessKey("canary-session-secret")
            .sessionToken("canary-session-token").expirationTime(Instant.now().plusSeconds(900)).build(), "r-1",
            "arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-1");

    private static void assertNoSecrets(Exception e) {
        assertThat(e.getMessage()).doesNotContain("canary-session-secret", "canary-session-token", BASE_SECRET);
        assertThat(e.getCause()).isNull();
    }

    @Test
    void execute_whenTheDatabaseRefusesTheStatement_failsWithItsSqlStateAndMessage() throws Exception {
        Exception e = failure(400, "BadRequestException",
                "ERROR: relation \"nope\" does not exist\n  Position: 15; SQLState: 42P01");

        assertThat(e).isInstanceOf(StatementFailedException.class);
        assertThat(((StatementFailedException) e).sqlState()).isEqualTo("42P01");
        assertThat(e.getMessage()).isEqualTo("relation \"nope\" does not exist");
        assertNoSecrets(e);
    }

    @Test
    void execute_whenTheDataApiTimesOut_failsAsCancelled() throws Exception {
        Exception e = failure(400, "StatementTimeoutException", "Request timed out");

        assertThat(e).isInstanceOf(StatementFailedException.class);
        assertThat(((StatementFailedException) e).sqlState()).isEqualTo("57014");
    }

    @Test
    void execute_whenTheSessionIsForbidden_namesTheRoleClusterAndSecretToFix() throws Exception {
        Exception e = failure(403, "ForbiddenException", "not authorized");

        assertThat(e).isInstanceOf(TargetUnavailableException.class).hasMessageContaining(ROLE)
                .hasMessageContaining("rds-data:ExecuteStatement on " + ORDERS.clusterArn())
                .hasMessageContaining("secretsmanager:GetSecretValue on " + ORDERS.secretArn())
                .hasMessageContaining("AWS request id req-1234");
        assertNoSecrets(e);
    }

    @Test
    void execute_whenTheClusterIsMisconfiguredOrAway_saysWhatToDo() throws Exception {
        assertThat(failure(400, "HttpEndpointNotEnabledException", "HTTP endpoint not enabled"))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("aws rds enable-http-endpoint --resource-arn " + ORDERS.clusterArn());
        assertThat(failure(400, "SecretsErrorException", "cannot read secret"))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining(ORDERS.secretArn());
        assertThat(failure(404, "DatabaseNotFoundException", "no such database"))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("fix \"database\"");
        assertThat(failure(400, "DatabaseResumingException", "resuming"))
                .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("retry in a minute");
        Exception down = failure(503, "ServiceUnavailableError", "down");
        assertThat(down).isInstanceOf(TargetUnavailableException.class).hasMessageContaining("Retry shortly");
        assertNoSecrets(down);
    }

    @Test
    void execute_whenTheEndpointCannotBeReached_isUnavailable() throws Exception {
        int closed = dev.airlock.testing.LoopbackPorts.free();
        try (RdsDataClient client = RdsDataClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closed))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("a", "b"))).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> new RdsDataSqlTarget(ORDERS, client).execute(read("select 1", 10), SESSION))
                    .isInstanceOf(TargetUnavailableException.class).hasMessageContaining("cannot reach the RDS Data API");
        }
    }

    @Test
    void credentials_whenStsRefusesTheRole_failsWithTheTrustPolicyFix() throws Exception {
        HttpServer server = stub(403, null, "text/xml", """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>
                <Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error>
                <RequestId>req-sts-1</RequestId></ErrorResponse>""");
        try (StsClient refusing = StsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAGATEWAYBASE00001", BASE_SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            StsTargetCredentialBroker broker = new StsTargetCredentialBroker(new StsCredentialBroker(refusing),
                    List.of(ORDERS));
            assertThatThrownBy(() -> broker.credentialsFor("orders", AGENT, "r-1"))
                    .isInstanceOf(TargetUnavailableException.class)
                    .hasMessageContaining("Target 'orders'")
                    .hasMessageContaining("trust policy")
                    .hasMessageContaining(ROLE)
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(BASE_SECRET));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void execute_whenTheTargetHasAReadingUser_readsLogInAsItUnderASessionThatMayReadOnlyItsSecret()
            throws Exception {
        String readSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-reader-GhIjKl";
        RdsDataTargetSpec spec = new RdsDataTargetSpec("orders", ORDERS.clusterArn(), ORDERS.secretArn(), "orders",
                ROLE, SqlDialect.POSTGRESQL, Optional.of(readSecret));
        StsTargetCredentialBroker broker = new StsTargetCredentialBroker(new StsCredentialBroker(sts), List.of(spec));
        RdsDataSqlTarget target = new RdsDataSqlTarget(spec, rdsData);
        cannedResults(CUSTOMERS, "{\"numberOfRecordsUpdated\":1}");

        target.execute(read("select id from customers", 10),
                broker.credentialsFor("orders", AGENT, "r-1", CredentialBroker.Access.READ));
        target.execute(new SqlExecution("r-2", "update customers set city = 'Oslo' where id = 1", List.of(), false, 0,
                Duration.ofSeconds(20)), broker.credentialsFor("orders", AGENT, "r-2", CredentialBroker.Access.WRITE));

        List<RecordedRequest> calls = executeStatements();
        assertThat(JSON.readTree(calls.get(0).body()).path("secretArn").asText()).isEqualTo(readSecret);
        assertThat(JSON.readTree(calls.get(1).body()).path("secretArn").asText()).isEqualTo(ORDERS.secretArn());
        // Two sessions: the read's may not read the writing user's secret, the write's not the reader's.
        List<Map<String, String>> assumed = moto.recordedActions("AssumeRole");
        assertThat(assumed).hasSize(2);
        assertThat(assumed.get(0).get("Policy")).contains(readSecret).doesNotContain(ORDERS.secretArn());
        assertThat(assumed.get(1).get("Policy")).contains(ORDERS.secretArn()).doesNotContain(readSecret);
    }

    @Test
    void spec_whenTheReadingUserIsTheWritingUserOrNotASecret_isRefusedWithTheFix() {
        assertThat(RdsDataTargetSpec.problems("orders", ORDERS.clusterArn(), ORDERS.secretArn(), "orders", ROLE,
                ORDERS.secretArn())).singleElement().asString()
                .contains("readSecretArn is the same secret as secretArn").contains("may only SELECT");
        assertThat(RdsDataTargetSpec.problems("orders", ORDERS.clusterArn(), ORDERS.secretArn(), "orders", ROLE,
                ORDERS.clusterArn())).singleElement().asString().contains("readSecretArn").contains("not the right kind");
        assertThat(ORDERS.secretFor(true)).isEqualTo(ORDERS.secretArn());
    }

    @Test
    void spec_whenEverythingIsWrong_listsEveryProblem() {
        assertThat(RdsDataTargetSpec.problems("bad name!", "arn:aws:s3:::bucket", null, " ", "not-an-arn"))
                .hasSize(5).anySatisfy(p -> assertThat(p).contains("clusterArn"))
                .anySatisfy(p -> assertThat(p).contains("secretArn is missing"))
                .anySatisfy(p -> assertThat(p).contains("roleArn"))
                .anySatisfy(p -> assertThat(p).contains("database is missing"));
        assertThat(Optional.of(StsTargetCredentialBroker.policyFor(ORDERS).json()).get())
                .contains("rds-data:ExecuteStatement", ORDERS.clusterArn());
    }
}
