package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An AWS-style agent: it holds an IAM user's keys (in moto_server, which stands in for STS), signs
 * sts:GetCallerIdentity with the real CLI ({@code airlock token --aws-iam}), and the real local
 * gateway, whose identity.json maps that user to reporting-bot and allows only moto as STS
 * endpoint, sends the request to moto and issues a gateway token the agent runs SQL with. An
 * unmapped user, a request signed for another gateway and a replayed request are each refused
 * with 401 problem+json that repeats no credential.
 */
class AwsIamTokenExchangeIT {
    private static final String SERVER_ID = "airlock-it.example.com";
    private static final String TOKEN_TYPE = "urn:airlock:params:aws:token-type:sts-get-caller-identity";
    @TempDir
    static Path dir;
    static MotoServer moto;
    static LocalGateway gateway;
    static MotoIamUsers.User reporter;
    static MotoIamUsers.User stranger;
    static MotoIamUsers.User ciRunnerSession;

    @BeforeAll
    static void start() throws IOException {
        moto = MotoServer.start();
        reporter = MotoIamUsers.create(moto.endpoint(), "nightly-reports");
        stranger = MotoIamUsers.create(moto.endpoint(), "stranger");
        ciRunnerSession = MotoIamUsers.assumeRole(moto.endpoint(), "ci-runner", "build-42");
        Path dataDir = Files.createDirectories(dir.resolve(".airlock"));
        Files.writeString(dataDir.resolve("identity.json"), """
                {"awsIam": {"serverId": "%s", "stsEndpoints": ["%s"],
                  "rules": [{"arn": "arn:aws:iam::%s:user/nightly-reports", "agent": "reporting-bot"},
                            {"arn": "arn:aws:iam::%s:role/ci-runner", "agent": "ops-bot"}]}}"""
                .formatted(SERVER_ID, stsEndpoint(), MotoIamUsers.ACCOUNT, MotoIamUsers.ACCOUNT));
        gateway = LocalGateway.start(dataDir);
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

    private static String stsEndpoint() {
        return moto.endpoint().resolve("/").toString();
    }

    /** {@code airlock token --aws-iam ...} as the agent runs it, with the user's keys in its environment. */
    private static Cli.Result agentCli(MotoIamUsers.User user, String... args) {
        List<String> command = new ArrayList<>(List.of("token", "--aws-iam", "--sts-endpoint", stsEndpoint()));
        command.addAll(List.of(args));
        ProcessBuilder builder = Cli.command(command.toArray(String[]::new));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", user.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", user.secretAccessKey());
        if (user.sessionToken() != null) {
            env.put("AWS_SESSION_TOKEN", user.sessionToken());
        }
        env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("airlock token --aws-iam did not finish in 60 s");
            }
            return new Cli.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String subjectToken(MotoIamUsers.User user, String serverId) {
        Cli.Result signed = agentCli(user, "--print-subject-token", "--server-id", serverId);
        assertThat(signed.exitCode()).as(signed.stderr()).isZero();
        return signed.stdout().strip();
    }

    private static HttpResponse<String> exchange(String subjectToken) {
        String body = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange",
                StandardCharsets.UTF_8) + "&subject_token_type=" + URLEncoder.encode(TOKEN_TYPE, StandardCharsets.UTF_8)
                + "&subject_token=" + URLEncoder.encode(subjectToken, StandardCharsets.UTF_8);
        return Agents.send(HttpRequest.newBuilder(gateway.url().resolve("/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The signature and the key id inside the subject token: neither may come back in a refusal. */
    private static List<String> credentialsIn(String subjectToken, MotoIamUsers.User user) throws IOException {
        JsonNode document = Agents.parse(new String(Base64.getUrlDecoder().decode(subjectToken),
                StandardCharsets.UTF_8));
        String authorization = document.path("headers").path("Authorization").asText();
        List<String> secrets = new ArrayList<>(List.of(authorization.substring(authorization.indexOf("Signature=")
                + "Signature=".length()), authorization, user.accessKeyId(), user.secretAccessKey()));
        if (user.sessionToken() != null) {
            secrets.add(user.sessionToken());
        }
        return secrets;
    }

    private static void assertRefused401(HttpResponse<String> response, String reason, List<String> secrets) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Agents.json(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://airlock.dev/problems/unauthenticated");
        assertThat(problem.path("detail").asText()).contains(reason);
        for (String secret : secrets) {
            assertThat(response.body()).doesNotContain(secret);
        }
    }

    @Test
    void awsAgent_getsAGatewayTokenWithTheCli_thenRunsSqlAsTheMappedAgent() throws Exception {
        Cli.Result run = agentCli(reporter, "--gateway", gateway.url().toString(), "--server-id", SERVER_ID);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String token = run.stdout().strip();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo("reporting-bot");
        HttpResponse<String> sql = Agents.post(gateway.url(), token,
                Agents.body("demo", "select count(*) as n from customers"));
        assertThat(sql.statusCode()).as(sql.body()).isEqualTo(200);
    }

    @Test
    void assumedRoleSession_mapsThroughItsRole_andItsSessionTokenIsNeverEchoed() throws Exception {
        assertThat(ciRunnerSession.arn()).isEqualTo("arn:aws:sts::" + MotoIamUsers.ACCOUNT
                + ":assumed-role/ci-runner/build-42");
        String subjectToken = subjectToken(ciRunnerSession, SERVER_ID);

        HttpResponse<String> exchanged = exchange(subjectToken);

        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        String token = Agents.json(exchanged).path("access_token").asText();
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo("ops-bot");
        assertThat(Agents.post(gateway.url(), token, Agents.body("demo", "select count(*) as n from orders")).statusCode())
                .isEqualTo(200);
        assertRefused401(exchange(subjectToken), "traded already", credentialsIn(subjectToken, ciRunnerSession));
    }

    @Test
    void unmappedUser_isRefusedWith401Problem() throws Exception {
        String subjectToken = subjectToken(stranger, SERVER_ID);

        assertRefused401(exchange(subjectToken), "No awsIam rule maps the AWS principal arn:aws:iam::"
                + MotoIamUsers.ACCOUNT + ":user/stranger", credentialsIn(subjectToken, stranger));
        Cli.Result cli = agentCli(stranger, "--gateway", gateway.url().toString(), "--server-id", SERVER_ID);
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.stderr()).contains("refused the AWS identity (401)").doesNotContain(stranger.secretAccessKey());
        assertThat(cli.stdout()).isEmpty();
    }

    @Test
    void requestSignedForAnotherGateway_isRefused_beforeStsIsAsked() throws Exception {
        String subjectToken = subjectToken(reporter, "vault.example.com");

        assertRefused401(exchange(subjectToken), "names another gateway", credentialsIn(subjectToken, reporter));
    }

    @Test
    void replayedSignedRequest_isRefused() throws Exception {
        // SigV4 signs to the second: the same user's request signed by another test in the same second is
        // this very request, so this test keeps its second to itself.
        nextSecond();
        String subjectToken = subjectToken(reporter, SERVER_ID);
        assertThat(exchange(subjectToken).statusCode()).isEqualTo(200);

        assertRefused401(exchange(subjectToken), "traded already", credentialsIn(subjectToken, reporter));
        nextSecond();
    }

    private static void nextSecond() throws InterruptedException {
        long now = System.currentTimeMillis();
        Thread.sleep(1000 - now % 1000 + 50);
    }
}
