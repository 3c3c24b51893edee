package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.identity.AwsIamSubjectToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code airlock token --aws-iam} with credentials from system properties and a fake gateway on loopback. */
class TokenAwsIamCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
    @TempDir
    Path dataDir;
    private HttpServer gateway;
    private final List<String> forms = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"access_token\": \"eyJgateway.token.here\", \"token_type\": \"Bearer\"}";
    private CliRun.SystemProperties credentials;

    @BeforeEach
    void start() throws IOException {
        credentials = new CliRun.SystemProperties(Map.of("aws.accessKeyId", "ASIAEXAMPLEKEY000001",
                "aws.secretAccessKey", SECRET, "aws.sessionToken", SESSION));
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/v1/token", http -> {
            forms.add(new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", status == 200 ? "application/json"
                    : "application/problem+json");
            http.sendResponseHeaders(status, body.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
        credentials.close();
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    private static JsonNode decode(String subjectToken) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(subjectToken.strip()));
    }

    @Test
    void printSubjectToken_isASignedGetCallerIdentityThatSignsTheServerId() throws Exception {
        CliRun run = CliRun.airlock("token", "--aws-iam", "--print-subject-token", "--server-id",
                "https://airlock.example.com", "--region", "eu-west-1");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode document = decode(run.out());
        assertThat(document.path("method").asText()).isEqualTo("POST");
        assertThat(document.path("url").asText()).isEqualTo("https://sts.eu-west-1.amazonaws.com/");
        assertThat(document.path("body").asText()).isEqualTo(AwsIamSubjectToken.BODY);
        JsonNode headers = document.path("headers");
        assertThat(headers.path("X-Airlock-Server-ID").asText()).isEqualTo("https://airlock.example.com");
        assertThat(headers.path("X-Amz-Security-Token").asText()).isEqualTo(SESSION);
        String authorization = headers.path("Authorization").asText();
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY000001/")
                .contains("/eu-west-1/sts/aws4_request").contains("x-airlock-server-id").contains("x-amz-date")
                .doesNotContain(SECRET);
        assertThat(run.out()).doesNotContain(SECRET);
    }

    @Test
    void awsIam_exchangesAtTheGateway_andPrintsItsToken() throws Exception {
        CliRun run = CliRun.airlock("token", "--aws-iam", "--gateway", gatewayUrl(), "--sts-endpoint",
                "http://127.0.0.1:5000/", "--data-dir", dataDir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("eyJgateway.token.here");
        assertThat(forms).hasSize(1);
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : forms.getFirst().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token_type", AwsIamSubjectToken.TOKEN_TYPE);
        JsonNode document = decode(form.get("subject_token"));
        assertThat(document.path("url").asText()).isEqualTo("http://127.0.0.1:5000/");
        assertThat(document.path("headers").path("X-Airlock-Server-ID").asText()).isEqualTo("airlock-gateway");
        assertThat(document.path("headers").path("Authorization").asText()).contains("/us-east-1/sts/");
    }

    @Test
    void awsIam_whenRefused_exits1WithTheGatewaysReasonOnOneLine() {
        status = 401;
        answer = "{\"type\": \"https://airlock.dev/problems/unauthenticated\", \"title\": \"Unauthenticated\", "
                + "\"detail\": \"No awsIam rule maps the AWS principal arn:aws:iam::123456789012:user/x to an agent.\"}";

        CliRun run = CliRun.airlock("token", "--aws-iam", "--gateway", gatewayUrl());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).contains("refused the AWS identity (401): No awsIam rule maps").doesNotContain("\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void awsIam_whenNoGatewayAnswers_exits1() {
        gateway.stop(0);

        CliRun run = CliRun.airlock("token", "--aws-iam", "--gateway", gatewayUrl());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("No gateway answers at");
    }

    @Test
    void awsIam_withAgent_orAgentMissing_exits2() {
        assertThat(CliRun.airlock("token", "--aws-iam", "--agent", "ops-bot").exit()).isEqualTo(2);
        CliRun noAgent = CliRun.airlock("token", "--data-dir", dataDir.toString());
        assertThat(noAgent.exit()).isEqualTo(2);
        assertThat(noAgent.err()).contains("--agent");
        assertThat(CliRun.airlock("token", "--agent", "ops-bot", "--print-subject-token").exit()).isEqualTo(2);
    }
}
