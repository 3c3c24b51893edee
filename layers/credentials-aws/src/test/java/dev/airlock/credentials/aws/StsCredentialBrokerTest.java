package dev.airlock.credentials.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against moto_server's STS: what AssumeRole receives is read back from moto's request recorder. */
class StsCredentialBrokerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/airlock-target-orders";
    private static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:orders";
    private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf";
    private static final SessionPolicy EXECUTE = SessionPolicyBuilder.build(AwsAccess.builder()
            .rdsDataApi(CLUSTER, SECRET, RdsDataAction.EXECUTE_STATEMENT).build());
    private static MotoServer moto;
    private static StsClient sts;

    private MutableClock clock;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        sts = client(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        sts.close();
        moto.close();
    }

    @BeforeEach
    void record() {
        moto.startRecording();
        clock = new MutableClock(Instant.now());
    }

    private static StsClient client(URI endpoint) {
        return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private StsCredentialBroker broker() {
        return new StsCredentialBroker(sts, clock, 100);
    }

    @Test
    void sessionFor_whenCalled_assumesRoleWithPolicySourceIdentityTagsDurationAndSessionName() throws Exception {
        StsSession session = broker().sessionFor("01a20eeb-5075-7874-b973-4df5bf71837a", "reporting-bot", ROLE,
                EXECUTE);

        List<Map<String, String>> calls = moto.recordedActions("AssumeRole");
        assertThat(calls).hasSize(1);
        Map<String, String> call = calls.get(0);
        assertThat(call).containsEntry("RoleArn", ROLE)
                .containsEntry("RoleSessionName", "01a20eeb-5075-7874-b973-4df5bf71837a")
                .containsEntry("SourceIdentity", "reporting-bot")
                .containsEntry("DurationSeconds", "900")
                .containsEntry("Policy", EXECUTE.json())
                .containsEntry("Tags.member.1.Key", "airlock:request-id")
                .containsEntry("Tags.member.1.Value", "01a20eeb-5075-7874-b973-4df5bf71837a")
                .containsEntry("Tags.member.2.Key", "airlock:agent-id")
                .containsEntry("Tags.member.2.Value", "reporting-bot")
                .doesNotContainKey("TransitiveTagKeys.member.1");
        assertThat(JSON.readTree(call.get("Policy"))).isEqualTo(JSON.readTree("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"rds-data:ExecuteStatement","Resource":"%s"},
                  {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"%s"}]}
                """.formatted(CLUSTER, SECRET)));
        // moto keeps the session policy with the assumed role, too.
        assertThat(moto.get("/moto-api/data.json")).contains(JSON.writeValueAsString(EXECUTE.json()));

        assertThat(session.sessionName()).isEqualTo("01a20eeb-5075-7874-b973-4df5bf71837a");
        assertThat(session.sourceIdentity()).isEqualTo("reporting-bot");
        assertThat(session.assumedRoleArn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/airlock-target-orders/" + session.sessionName());
        assertThat(session.credentials().sessionToken()).isNotBlank();
        assertThat(session.refreshAt()).isEqualTo(clock.instant().plusSeconds(720));
        assertThat(session.targetCredentials().credentials()).isSameAs(session.credentials());
        assertThat(session.targetCredentials().used()).isEqualTo(dev.airlock.core.model.CredentialsUsed.stsSession(
                session.assumedRoleArn(), session.sessionName()));
    }

    @Test
    void sessionFor_whenIdenticalRequestsRepeat_assumesRoleOnceAndKeepsTheFirstSessionName() throws Exception {
        StsCredentialBroker broker = broker();
        StsSession first = broker.sessionFor("request-1", "reporting-bot", ROLE, EXECUTE);
        List<StsSession> later = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            later.add(broker.sessionFor("request-" + i, "reporting-bot", ROLE,
                    SessionPolicyBuilder.build(AwsAccess.builder()
                            .rdsDataApi(CLUSTER, SECRET, RdsDataAction.EXECUTE_STATEMENT).build())));
        }

        assertThat(moto.recordedActions("AssumeRole")).hasSize(1);
        assertThat(later).allSatisfy(s -> {
            assertThat(s).isSameAs(first);
            assertThat(s.targetCredentials()).isSameAs(first.targetCredentials());
            assertThat(s.sessionName()).isEqualTo("request-1");
        });
    }

    @Test
    void sessionFor_whenIdenticalRequestsArriveTogether_assumesRoleOnce() throws Exception {
        StsCredentialBroker broker = broker();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StsSession>> sessions = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String requestId = "parallel-" + i;
                sessions.add(pool.submit(() -> broker.sessionFor(requestId, "reporting-bot", ROLE, EXECUTE)));
            }
            for (Future<StsSession> session : sessions) {
                assertThat(session.get()).isSameAs(sessions.get(0).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(moto.recordedActions("AssumeRole")).hasSize(1);
    }

    @Test
    void sessionFor_whenResourceAgentOrRoleDiffers_assumesRoleAgain() throws Exception {
        StsCredentialBroker broker = broker();
        SessionPolicy otherCluster = SessionPolicyBuilder.build(AwsAccess.builder().rdsDataApi(
                "arn:aws:rds:us-east-1:123456789012:cluster:billing", SECRET, RdsDataAction.EXECUTE_STATEMENT).build());

        broker.sessionFor("r-1", "reporting-bot", ROLE, EXECUTE);
        broker.sessionFor("r-2", "reporting-bot", ROLE, otherCluster);
        broker.sessionFor("r-3", "ops-bot", ROLE, EXECUTE);
        broker.sessionFor("r-4", "reporting-bot", "arn:aws:iam::123456789012:role/airlock-target-billing", EXECUTE);
        broker.sessionFor("r-5", "reporting-bot", ROLE, EXECUTE);

        assertThat(moto.recordedActions("AssumeRole")).extracting(c -> c.get("RoleSessionName"))
                .containsExactly("r-1", "r-2", "r-3", "r-4");
    }

    @Test
    void sessionFor_whenEightyPercentOfLifetimeHasPassed_assumesRoleAgain() throws Exception {
        StsCredentialBroker broker = broker();
        StsSession first = broker.sessionFor("r-1", "reporting-bot", ROLE, EXECUTE);

        clock.advance(Duration.ofSeconds(719));
        assertThat(broker.sessionFor("r-2", "reporting-bot", ROLE, EXECUTE)).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        StsSession fresh = broker.sessionFor("r-3", "reporting-bot", ROLE, EXECUTE);

        assertThat(fresh).isNotSameAs(first);
        assertThat(fresh.sessionName()).isEqualTo("r-3");
        assertThat(moto.recordedActions("AssumeRole")).extracting(c -> c.get("RoleSessionName")).containsExactly("r-1", "r-3");
    }

    @Test
    void sessionFor_whenCacheIsFull_dropsTheLeastRecentlyUsedSession() throws Exception {
        StsCredentialBroker broker = new StsCredentialBroker(sts, clock, 1);

        broker.sessionFor("r-1", "reporting-bot", ROLE, EXECUTE);
        broker.sessionFor("r-2", "ops-bot", ROLE, EXECUTE);
        broker.sessionFor("r-3", "reporting-bot", ROLE, EXECUTE);

        assertThat(moto.recordedActions("AssumeRole")).hasSize(3);
    }

    @Test
    void sessionFor_whenIdsHaveCharactersStsRefuses_sanitisesThem() throws Exception {
        String longId = "x".repeat(80);
        StsSession session = broker().sessionFor("req 1/ä#x", "ci:github/acme/repo@main", ROLE, EXECUTE);
        StsSession truncated = broker().sessionFor(longId, "a", ROLE, EXECUTE);

        assertThat(session.sessionName()).isEqualTo("req-1---x");
        assertThat(session.sourceIdentity()).isEqualTo("ci-github-acme-repo@main");
        assertThat(truncated.sessionName()).hasSize(64);
        assertThat(truncated.sourceIdentity()).isEqualTo("a_");
        assertThat(moto.recordedActions("AssumeRole")).extracting(c -> c.get("RoleSessionName"))
                .containsExactly("req-1---x", "x".repeat(64));
        assertThatThrownBy(() -> broker().sessionFor("", "a", ROLE, EXECUTE)).hasMessageContaining("request id");
        assertThatThrownBy(() -> broker().sessionFor("r", "a", CLUSTER, EXECUTE)).hasMessageContaining("IAM role");
    }

    @Test
    void sessionFor_whenStsDeniesAccess_namesTheRoleAndTheTrustPolicyFix() {
        StsCredentialBroker broker = new StsCredentialBroker(failingSts("AccessDenied", 403), clock, 10);

        assertThatThrownBy(() -> broker.sessionFor("r-1", "reporting-bot", ROLE, EXECUTE))
                .isInstanceOfSatisfying(StsBrokerException.class,
                        e -> assertThat(e.kind()).isEqualTo(StsBrokerException.Kind.ACCESS_DENIED))
                .hasMessageContaining("may not assume " + ROLE)
                .hasMessageContaining("trust policy")
                .hasMessageNotContaining(CLUSTER)
                .hasNoCause();
    }

    @Test
    void sessionFor_whenStsFailsOtherwise_givesADistinctKind() {
        assertThat(kindFor("PackedPolicyTooLarge", 400)).isEqualTo(StsBrokerException.Kind.POLICY_TOO_LARGE);
        assertThat(kindFor("MalformedPolicyDocument", 400)).isEqualTo(StsBrokerException.Kind.MALFORMED_POLICY);
        assertThat(kindFor("RegionDisabledException", 403)).isEqualTo(StsBrokerException.Kind.REGION_DISABLED);
        assertThat(kindFor("ExpiredToken", 400)).isEqualTo(StsBrokerException.Kind.GATEWAY_CREDENTIALS);
        assertThat(kindFor("Throttling", 400)).isEqualTo(StsBrokerException.Kind.UNAVAILABLE);
        assertThat(kindFor("Whatever", 503)).isEqualTo(StsBrokerException.Kind.UNAVAILABLE);
        assertThat(kindFor("ValidationError", 400)).isEqualTo(StsBrokerException.Kind.INVALID_REQUEST);
    }

    @Test
    void sessionFor_whenStsIsUnreachable_failsAsUnavailable() {
        try (StsClient unreachable = client(URI.create("http://127.0.0.1:1"))) {
            StsCredentialBroker broker = new StsCredentialBroker(unreachable, clock, 10);

            assertThatThrownBy(() -> broker.sessionFor("r-1", "reporting-bot", ROLE, EXECUTE))
                    .isInstanceOfSatisfying(StsBrokerException.class,
                            e -> assertThat(e.kind()).isEqualTo(StsBrokerException.Kind.UNAVAILABLE))
                    .hasMessageContaining("could not be reached");
        }
    }

    @Test
    void canary_whenSessionsAreIssuedPrintedAndFail_secretsAppearNowhere() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " "
                        + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        Logger sdk = Logger.getLogger("software.amazon.awssdk");
        Level sdkLevel = sdk.getLevel();
        List<String> seen = new ArrayList<>();
        StsSession session;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            root.addHandler(handler);
            root.setLevel(Level.ALL);
            sdk.setLevel(Level.ALL);

            StsCredentialBroker broker = broker();
            session = broker.sessionFor("r-1", "reporting-bot", ROLE, EXECUTE);
            StsSession reused = broker.sessionFor("r-2", "reporting-bot", ROLE, EXECUTE);
            seen.add(session.toString());
            seen.add(reused.toString());
            seen.add(session.credentials().toString());
            seen.add(session.credentialsProvider().toString());
            seen.add(session.targetCredentials().toString());
            System.out.println(session);
            for (StsClient failing : List.of(failingSts("AccessDenied", 403), client(URI.create("http://127.0.0.1:1")))) {
                try (failing) {
                    new StsCredentialBroker(failing, clock, 10).sessionFor("r-3", "reporting-bot", ROLE, EXECUTE);
                } catch (StsBrokerException e) {
                    seen.add(e.toString());
                    e.printStackTrace();
                }
            }
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            root.removeHandler(handler);
            root.setLevel(rootLevel);
            sdk.setLevel(sdkLevel);
        }
        seen.add(out.toString(StandardCharsets.UTF_8));
        seen.addAll(logged);

        String secretKey = session.credentials().secretAccessKey();
        String token = session.credentials().sessionToken();
        assertThat(secretKey).isNotBlank();
        assertThat(token).isNotBlank();
        assertThat(seen).isNotEmpty().allSatisfy(text -> assertThat(text)
                .doesNotContain(secretKey).doesNotContain(token).doesNotContain(EXECUTE.json()));
        assertThat(session.toString()).contains("credentials=****").contains("r-1");
    }

    private StsBrokerException.Kind kindFor(String code, int status) {
        try {
            new StsCredentialBroker(failingSts(code, status), clock, 10).sessionFor("r", "a1", ROLE, EXECUTE);
        } catch (StsBrokerException e) {
            assertThat(e.getMessage()).contains(code).doesNotContain(EXECUTE.json());
            return e.kind();
        }
        throw new AssertionError("no failure");
    }

    /** STS refusals moto cannot produce (it does not evaluate trust policies). */
    private static StsClient failingSts(String code, int status) {
        return new StsClient() {
            @Override
            public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
                throw (StsException) StsException.builder().statusCode(status).requestId("req-abc")
                        .message("refused: " + code)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("refused").build())
                        .build();
            }

            @Override
            public String serviceName() {
                return "sts";
            }

            @Override
            public void close() {
            }
        };
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
