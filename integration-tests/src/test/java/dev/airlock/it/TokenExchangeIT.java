package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.identity.JwtTokenVerifier;
import dev.airlock.identity.LocalBootstrapTokens;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Agents without a gateway token: a CI job with an OIDC token from its CI's issuer (a test
 * issuer on loopback, trusted through identity.json) and a local agent with a bootstrap token
 * each trade it at POST /v1/token, then run SQL with what they got. Every bad subject token is
 * refused with 401 problem+json through the real endpoint.
 */
class TokenExchangeIT {
    @TempDir
    static Path dir;
    static TestOidcIssuer ci;
    static LocalGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        ci = TestOidcIssuer.start();
        Path dataDir = Files.createDirectories(dir.resolve(".airlock"));
        Files.writeString(dataDir.resolve("identity.json"), """
                {"trustedIssuers": [{
                  "issuer": "%s", "jwksUri": "%s", "audience": "%s",
                  "rules": [{"claims": {"repository": "acme/reports", "ref": "refs/heads/main"}, "agent": "reporting-bot"}]
                }]}""".formatted(ci.issuer(), ci.jwksUri(), TestOidcIssuer.AUDIENCE));
        gateway = LocalGateway.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (ci != null) {
            ci.close();
        }
    }

    private static HttpResponse<String> exchange(String subjectToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        form.put("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
        return postForm(form);
    }

    private static HttpResponse<String> postForm(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(gateway.url().resolve("/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return Agents.send(request);
    }

    private static String accessToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Agents.json(response).path("access_token").asText();
    }

    @Test
    void ciAgent_exchangesItsOidcToken_thenRunsSqlAsTheMappedAgent() throws Exception {
        HttpResponse<String> response = exchange(ci.sign(ci.ciClaims("acme/reports", "refs/heads/main").build()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = Agents.json(response);
        assertThat(body.path("issued_token_type").asText()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isBetween(890L, 900L);
        String token = body.path("access_token").asText();
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("reporting-bot");
        assertThat(claims.getJWTID()).isNotBlank();

        HttpResponse<String> sql = Agents.post(gateway.url(), token,
                Agents.body("demo", "select count(*) as n from customers"));

        assertThat(sql.statusCode()).as(sql.body()).isEqualTo(200);
        assertThat(ci.jwksFetches()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void issuedToken_verifiesAgainstThePublishedJwks() throws Exception {
        String token = accessToken(exchange(ci.sign(ci.ciClaims("acme/reports", "refs/heads/main").build())));

        HttpResponse<String> jwks = send(HttpRequest.newBuilder(gateway.url().resolve("/.well-known/jwks.json"))
                .GET().build());

        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).doesNotContain("\"d\"");
        JWKSet published = JWKSet.parse(jwks.body());
        var agent = new JwtTokenVerifier(published, TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC()).verify(token);
        assertThat(agent.agentId()).isEqualTo("reporting-bot");
    }

    @Test
    void localAgent_exchangesABootstrapToken_thenRunsSql() {
        String bootstrap = LocalBootstrapTokens.issue(SigningKeyFile.load(gateway.dataDir()),
                TokenSettings.LOCAL_ISSUER, "reporting-bot", null, Clock.systemUTC()).token();

        String token = accessToken(exchange(bootstrap));

        HttpResponse<String> sql = Agents.post(gateway.url(), token, Agents.body("demo", "select 1 as one"));
        assertThat(sql.statusCode()).as(sql.body()).isEqualTo(200);
        HttpResponse<String> bootstrapAsBearer = Agents.post(gateway.url(), bootstrap,
                Agents.body("demo", "select 1 as one"));
        assertThat(bootstrapAsBearer.statusCode()).isEqualTo(401);
    }

    @Test
    void badSubjectTokens_areEachRefusedWith401Problem() throws Exception {
        Instant now = Instant.now();
        RSAKey unpublished = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        byte[] publicKeyBytes = ci.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ci.key().getKeyID()).build(),
                ci.ciClaims("acme/reports", "refs/heads/main").build());
        hs256.sign(new MACSigner(publicKeyBytes));
        String[] parts = ci.sign(ci.ciClaims("acme/sandbox", "refs/heads/main").build()).split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode(ci.ciClaims("acme/reports", "refs/heads/main").build()
                .toString()) + "." + parts[2];

        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("expired", ci.sign(ci.ciClaims("acme/reports", "refs/heads/main")
                .issueTime(Date.from(now.minusSeconds(900))).notBeforeTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(300))).build()));
        cases.put("not yet valid", ci.sign(ci.ciClaims("acme/reports", "refs/heads/main")
                .notBeforeTime(Date.from(now.plusSeconds(600))).expirationTime(Date.from(now.plusSeconds(900)))
                .build()));
        cases.put("wrong issuer", ci.sign(ci.ciClaims("acme/reports", "refs/heads/main")
                .issuer("https://token.actions.githubusercontent.com").build()));
        cases.put("untrusted issuer", TestOidcIssuer.sign(ci.ciClaims("acme/reports", "refs/heads/main")
                .issuer("https://ci.evil.example").build(), unpublished));
        cases.put("wrong audience", ci.sign(ci.ciClaims("acme/reports", "refs/heads/main")
                .audience("https://github.com/acme").build()));
        cases.put("alg none", new PlainJWT(ci.ciClaims("acme/reports", "refs/heads/main").build()).serialize());
        cases.put("HS256 with the public key", hs256.serialize());
        cases.put("unknown kid", TestOidcIssuer.sign(ci.ciClaims("acme/reports", "refs/heads/main").build(),
                unpublished));
        cases.put("tampered payload", tampered);
        cases.put("no rule for the branch", ci.sign(ci.ciClaims("acme/reports", "refs/heads/feature").build()));
        cases.put("gateway token as bootstrap", Agents.token(gateway.dataDir(), "reporting-bot"));

        assertSoftly(softly -> cases.forEach((name, token) -> {
            HttpResponse<String> response = exchange(token);
            softly.assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(401);
            softly.assertThat(response.headers().firstValue("Content-Type")).as(name)
                    .hasValue("application/problem+json");
            JsonNode problem = Agents.json(response);
            softly.assertThat(problem.path("type").asText()).as(name)
                    .isEqualTo("https://airlock.dev/problems/unauthenticated");
            softly.assertThat(problem.path("detail").asText()).as(name).isNotBlank();
            softly.assertThat(response.body()).as(name).doesNotContain(token);
        }));
    }

    @Test
    void requestThatIsNotATokenExchange_answers400Problem() {
        HttpResponse<String> noGrant = postForm(Map.of("subject_token", "a.b.c",
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt"));
        HttpResponse<String> json = send(HttpRequest.newBuilder(gateway.url().resolve("/v1/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        for (HttpResponse<String> response : java.util.List.of(noGrant, json)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(Agents.json(noGrant).path("detail").asText()).contains("grant_type");
    }

    private static int sqlStatusWithin(String token, int wanted, Duration within) {
        Instant deadline = Instant.now().plus(within);
        int status;
        do {
            status = Agents.post(gateway.url(), token, Agents.body("demo", "select 1 as one")).statusCode();
            if (status == wanted) {
                return status;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        return status;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void revokedTokenAndAgent_areRefusedWithinSeconds() throws Exception {
        String token = accessToken(exchange(ci.sign(ci.ciClaims("acme/reports", "refs/heads/main").build())));
        String tokenId = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        assertThat(sqlStatusWithin(token, 200, Duration.ZERO)).isEqualTo(200);

        Cli.Result revoke = Cli.run("revoke", "--token-id", tokenId, "--data-dir", gateway.dataDir().toString());

        assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
        assertThat(sqlStatusWithin(token, 401, Duration.ofSeconds(5))).isEqualTo(401);

        String opsToken = Agents.token(gateway.dataDir(), "ops-bot");
        String opsBootstrap = LocalBootstrapTokens.issue(SigningKeyFile.load(gateway.dataDir()),
                TokenSettings.LOCAL_ISSUER, "ops-bot", null, Clock.systemUTC()).token();
        assertThat(Cli.run("revoke", "--agent", "ops-bot", "--data-dir", gateway.dataDir().toString()).exitCode())
                .isZero();
        try {
            assertThat(sqlStatusWithin(opsToken, 401, Duration.ofSeconds(5))).isEqualTo(401);
            HttpResponse<String> exchanged = exchange(opsBootstrap);
            assertThat(exchanged.statusCode()).isEqualTo(401);
            assertThat(Agents.json(exchanged).path("detail").asText()).contains("revoked");
        } finally {
            Cli.run("revoke", "--agent", "ops-bot", "--restore", "--data-dir", gateway.dataDir().toString());
        }
        // Restoring the agent does not revive what was minted before: only new tokens work.
        assertThat(sqlStatusWithin(opsToken, 401, Duration.ZERO)).isEqualTo(401);
        Thread.sleep(1_100);
        assertThat(sqlStatusWithin(Agents.token(gateway.dataDir(), "ops-bot"), 200, Duration.ofSeconds(5)))
                .isEqualTo(200);
    }
}
