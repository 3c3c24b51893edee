package dev.airlock.identity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.airlock.core.port.TokenRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS IAM bootstrap against a fake STS on a loopback port: what is checked before anything is
 * sent, what STS's answer must be, and that no refusal repeats a credential.
 */
class AwsIamExchangeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String SERVER_ID = "https://airlock.example.com";
    private static final String SIGNATURE = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private static final String SESSION_TOKEN = "FwoGZXIvYXdzSESSIONTOKENSECRETxyz";
    private static final String ROLE_SESSION = "arn:aws:sts::123456789012:assumed-role/ci-runner/build-42";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ECKey gatewayKey = ec();
    private HttpServer sts;
    private String endpoint;
    private volatile int stsStatus = 200;
    private volatile String stsBody = answer(ROLE_SESSION);
    private final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();
    private final List<String> receivedBodies = new CopyOnWriteArrayList<>();
    private TokenExchange exchange;

    @BeforeEach
    void startFakeSts() throws IOException {
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", http -> {
            received.add(Map.copyOf(http.getRequestHeaders()));
            receivedBodies.add(new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = stsBody.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "text/xml");
            http.sendResponseHeaders(stsStatus, body.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        });
        sts.start();
        endpoint = "http://127.0.0.1:" + sts.getAddress().getPort() + "/";
        exchange = exchange(new AwsIamTrust(SERVER_ID, List.of(endpoint), List.of(
                new AwsIamTrust.ArnRule("arn:aws:iam::123456789012:role/ci-runner", "ops-bot"),
                new AwsIamTrust.ArnRule("arn:aws:iam::123456789012:user/reports/alice", "reporting-bot"))));
    }

    @AfterEach
    void stopFakeSts() {
        sts.stop(0);
    }

    private TokenExchange exchange(AwsIamTrust trust) {
        TokenSettings settings = TokenSettings.LOCAL_DEFAULTS;
        return new TokenExchange(new GatewayTokenIssuer(gatewayKey, settings, clock), settings,
                new OidcTokenVerifier(List.of(), settings.clockSkew(), clock), null,
                trust == null ? null : new AwsIamVerifier(trust, settings.audience(), clock));
    }

    private static ECKey ec() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String answer(String arn) {
        return """
                <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <GetCallerIdentityResult>
                    <Arn>%s</Arn>
                    <UserId>AROAEXAMPLE:build-42</UserId>
                    <Account>123456789012</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
                </GetCallerIdentityResponse>""".formatted(arn);
    }

    /** What an agent sends; the signature is not checked locally (STS checks it), so a fixed one will do. */
    private Map<String, Object> request() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY123456/20261125/us-east-1/sts/"
                + "aws4_request, SignedHeaders=content-type;host;x-airlock-server-id;x-amz-date;x-amz-security-token, "
                + "Signature=" + SIGNATURE);
        headers.put("Content-Type", AwsIamSubjectToken.CONTENT_TYPE);
        headers.put("Host", endpoint.substring("http://".length(), endpoint.length() - 1));
        headers.put("X-Amz-Date", DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(NOW.minusSeconds(5)));
        headers.put("X-Amz-Security-Token", SESSION_TOKEN);
        headers.put(AwsIamSubjectToken.SERVER_ID_HEADER, SERVER_ID);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("method", "POST");
        document.put("url", endpoint);
        document.put("headers", headers);
        document.put("body", AwsIamSubjectToken.BODY);
        return document;
    }

    @SuppressWarnings("unchecked")
    private String token(Consumer<Map<String, Object>> change) {
        Map<String, Object> document = request();
        change.accept(document);
        return encode(document);
    }

    private static String encode(Map<String, Object> document) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                JSONObjectUtils.toJSONString(document).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headers(Map<String, Object> document) {
        return (Map<String, Object>) document.get("headers");
    }

    private static Map<String, String> form(String subjectToken) {
        return Map.of("grant_type", TokenExchange.GRANT_TYPE, "subject_token", subjectToken,
                "subject_token_type", AwsIamSubjectToken.TOKEN_TYPE);
    }

    private String agentOf(GatewayTokenIssuer.IssuedToken issued) throws Exception {
        return new JwtTokenVerifier(new JWKSet(gatewayKey.toPublicJWK()), TokenSettings.LOCAL_DEFAULTS, clock)
                .verify(issued.token()).agentId();
    }

    private void assertRefused(String subjectToken, String reason) {
        assertThatThrownBy(() -> exchange.exchange(form(subjectToken))).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SIGNATURE).doesNotContain(SESSION_TOKEN)
                        .doesNotContain("ASIAEXAMPLEKEY123456"));
    }

    @Test
    void assumedRole_mapsThroughItsRoleArn_andStsGetsExactlyTheSignedRequest() throws Exception {
        String agent = agentOf(exchange.exchange(form(token(d -> { }))));

        assertThat(agent).isEqualTo("ops-bot");
        assertThat(received).hasSize(1);
        Map<String, List<String>> sent = received.getFirst();
        assertThat(sent.get("Authorization")).containsExactly((String) headers(request()).get("Authorization"));
        assertThat(sent.get("X-airlock-server-id")).containsExactly(SERVER_ID);
        assertThat(sent.get("X-amz-security-token")).containsExactly(SESSION_TOKEN);
        assertThat(sent.get("Content-type")).containsExactly(AwsIamSubjectToken.CONTENT_TYPE);
        assertThat(receivedBodies).containsExactly(AwsIamSubjectToken.BODY);
    }

    @Test
    void iamUser_mapsByItsExactArn() throws Exception {
        stsBody = answer("arn:aws:iam::123456789012:user/reports/alice");

        assertThat(agentOf(exchange.exchange(form(token(d -> { }))))).isEqualTo("reporting-bot");
    }

    @Test
    void headerValuesAsOneElementArrays_likeVault_areAccepted() throws Exception {
        String token = token(d -> headers(d).replaceAll((name, value) -> List.of(value)));

        assertThat(agentOf(exchange.exchange(form(token)))).isEqualTo("ops-bot");
    }

    @Test
    void sameSignedRequestTwice_isRefusedTheSecondTime() throws Exception {
        String token = token(d -> { });
        exchange.exchange(form(token));

        assertRefused(token, "traded already");
    }

    @Test
    void sameSignedRequestRacingItself_opensOneTokenOnly() throws Exception {
        String token = token(d -> { });
        java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    exchange.exchange(form(token));
                    issued.incrementAndGet();
                } catch (TokenRejectedException expected) {
                    // the others
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertThat(issued).hasValue(1);
    }

    @Test
    void wrongMethod_isRefusedBeforeAnythingIsSent() {
        assertRefused(token(d -> d.put("method", "GET")), "method must be POST");
        assertThat(received).isEmpty();
    }

    @Test
    void hostNotAllowed_isNeverContacted() {
        assertRefused(token(d -> d.put("url", "https://evil.example/")), "not an STS endpoint");
        assertRefused(token(d -> d.put("url", endpoint + "?Action=GetCallerIdentity")), "not an STS endpoint");
        assertRefused(token(d -> d.put("url", "http://169.254.169.254/")), "not an STS endpoint");
        assertThat(received).isEmpty();
    }

    @Test
    void otherActionInBody_isRefused() {
        assertRefused(token(d -> d.put("body", "Action=AssumeRole&Version=2011-06-15&RoleArn=x")),
                "only sts:GetCallerIdentity");
        assertRefused(token(d -> d.put("body", AwsIamSubjectToken.BODY + "&Action=AssumeRole")),
                "only sts:GetCallerIdentity");
        assertThat(received).isEmpty();
    }

    @Test
    void missingServerIdHeader_isRefused() {
        assertRefused(token(d -> headers(d).remove(AwsIamSubjectToken.SERVER_ID_HEADER)),
                "must carry and sign the X-Airlock-Server-ID header");
    }

    @Test
    void unsignedServerIdHeader_isRefused() {
        assertRefused(token(d -> headers(d).put("Authorization", ((String) headers(d).get("Authorization"))
                .replace("x-airlock-server-id;", ""))), "must carry and sign the X-Airlock-Server-ID header");
        assertThat(received).isEmpty();
    }

    @Test
    void wrongServerId_isRefused_andTheWrongValueIsNotRepeated() {
        assertRefused(token(d -> headers(d).put(AwsIamSubjectToken.SERVER_ID_HEADER, "vault.example.com")),
                "names another gateway; sign it with '" + SERVER_ID + "'");
        assertThat(received).isEmpty();
    }

    @Test
    void serverId_defaultsToTheGatewayAudience() throws Exception {
        TokenExchange defaulted = exchange(new AwsIamTrust(null, List.of(endpoint),
                List.of(new AwsIamTrust.ArnRule("arn:aws:iam::123456789012:role/ci-runner", "ops-bot"))));

        assertThatThrownBy(() -> defaulted.exchange(form(token(d -> { })))).hasMessageContaining("'airlock-gateway'");
        String token = token(d -> headers(d).put(AwsIamSubjectToken.SERVER_ID_HEADER, "airlock-gateway"));
        assertThat(agentOf(defaulted.exchange(form(token)))).isEqualTo("ops-bot");
    }

    @Test
    void staleOrFutureDate_isRefused() {
        DateTimeFormatter amz = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        assertRefused(token(d -> headers(d).put("X-Amz-Date", amz.format(NOW.minusSeconds(16 * 60)))),
                "more than 15 minutes");
        assertRefused(token(d -> headers(d).put("X-Amz-Date", amz.format(NOW.plusSeconds(16 * 60)))),
                "more than 15 minutes");
        assertRefused(token(d -> headers(d).put("X-Amz-Date", "yesterday")), "X-Amz-Date is not");
        assertThat(received).isEmpty();
    }

    @Test
    void notSigV4_isRefused() {
        assertRefused(token(d -> headers(d).remove("Authorization")), "AWS4-HMAC-SHA256");
        assertRefused(token(d -> headers(d).put("Authorization", "Bearer " + SIGNATURE)), "AWS4-HMAC-SHA256");
        assertRefused(token(d -> headers(d).put("Authorization", ((String) headers(d).get("Authorization"))
                .replace("/sts/", "/iam/"))), "signed for the sts service");
    }

    @Test
    void signedHeaderNotCarried_orHostMismatch_isRefused() {
        assertRefused(token(d -> headers(d).remove("X-Amz-Security-Token")),
                "signs a header it does not carry: x-amz-security-token");
        assertRefused(token(d -> headers(d).put("Host", "sts.amazonaws.com")), "Host header");
    }

    @Test
    void stsAnswers403_isRefusedWithItsCodeButNoCredential() {
        stsStatus = 403;
        stsBody = """
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>
                  <Message>The request signature we calculated does not match the signature you provided. %s</Message>
                  </Error></ErrorResponse>""".formatted(SIGNATURE);

        assertRefused(token(d -> { }), "STS refused the signed request (HTTP 403, SignatureDoesNotMatch)");
    }

    @Test
    void malformedXml_isRefused() {
        stsBody = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>";
        assertRefused(token(d -> { }), "not well-formed XML");
    }

    @Test
    void xmlWithADoctype_isRefused_noEntityIsExpanded() {
        stsBody = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY arn SYSTEM "file:///etc/hostname">]>
                <GetCallerIdentityResponse><GetCallerIdentityResult><Arn>&arn;</Arn><UserId>x</UserId>
                <Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>""";
        assertRefused(token(d -> { }), "not well-formed XML");
    }

    @Test
    void answerWithoutArn_orArnOfAnotherAccount_isRefused() {
        stsBody = "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"
                + "</GetCallerIdentityResult></GetCallerIdentityResponse>";
        assertRefused(token(d -> { }), "not a GetCallerIdentityResponse");
        stsBody = answer(ROLE_SESSION).replace("<Account>123456789012", "<Account>999999999999");
        assertRefused(token(d -> { }), "outside its account");
    }

    @Test
    void arnThatMapsToNoAgent_isRefused() {
        stsBody = answer("arn:aws:sts::123456789012:assumed-role/other-role/build-42");
        assertRefused(token(d -> { }), "No awsIam rule maps the AWS principal");
        stsBody = answer("arn:aws:iam::123456789012:user/alice");
        assertRefused(token(d -> { }), "No awsIam rule maps the AWS principal");
        stsBody = answer("arn:aws:iam::123456789012:root");
        assertRefused(token(d -> { }), "No awsIam rule maps the AWS principal");
    }

    @Test
    void oversizedOrGarbledToken_isRefused() {
        assertRefused(token(d -> headers(d).put("X-Padding", "a".repeat(20_000))), "too long");
        assertRefused(token(d -> headers(d).put("X-Padding", "a".repeat(5_000))), "at most 4096 characters");
        assertRefused("not base64!", "not base64url");
        assertRefused(Base64.getUrlEncoder().encodeToString("[1]".getBytes(StandardCharsets.UTF_8)),
                "not the base64url of a JSON object");
        assertThat(received).isEmpty();
    }

    @Test
    void stsUnreachable_isRefused() throws Exception {
        endpoint = "http://127.0.0.1:1/";
        exchange = exchange(new AwsIamTrust(SERVER_ID, List.of(endpoint),
                List.of(new AwsIamTrust.ArnRule("arn:aws:iam::123456789012:role/ci-runner", "ops-bot"))));

        assertRefused(token(d -> { }), "did not answer");
    }

    @Test
    void awsIamNotConfigured_isRefused() {
        TokenExchange without = exchange(null);

        assertThatThrownBy(() -> without.exchange(form(token(d -> { })))).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("AWS IAM bootstrap is turned off");
    }

    @Test
    void issuedGatewayToken_namesTheAgentOnly() throws Exception {
        var issued = exchange.exchange(form(token(d -> { })));

        var claims = SignedJWT.parse(issued.token()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("ops-bot");
        assertThat(claims.toString()).doesNotContain("assumed-role");
    }
}
