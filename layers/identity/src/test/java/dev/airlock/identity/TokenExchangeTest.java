package dev.airlock.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.port.TokenRejectedException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token exchange with no network: the issuer's JWK set is served from memory, and each fetch counted. */
class TokenExchangeTest {
    private static final Instant NOW = Instant.now();
    private static final String GITHUB = "https://token.actions.githubusercontent.com";
    private static final URL GITHUB_JWKS = url(GITHUB + "/.well-known/jwks");

    private final ECKey gatewayKey = ec();
    private final RSAKey issuerKey = rsa();
    private volatile JWKSet published = new JWKSet(issuerKey.toPublicJWK());
    private final AtomicInteger fetches = new AtomicInteger();
    private final ResourceRetriever retriever = url -> {
        fetches.incrementAndGet();
        return new Resource(published.toString(), "application/json");
    };
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TrustedIssuer github = new TrustedIssuer(GITHUB, GITHUB_JWKS, "airlock", List.of(
            new TrustedIssuer.ClaimRule(Map.of("repository", "acme/app", "ref", "refs/heads/main"), "ci-deployer")));
    private final TokenExchange exchange = exchange(true);

    private TokenExchange exchange(boolean localBootstrap) {
        TokenSettings settings = TokenSettings.LOCAL_DEFAULTS;
        return new TokenExchange(new GatewayTokenIssuer(gatewayKey, settings, clock), settings,
                new OidcTokenVerifier(List.of(github), retriever, settings.clockSkew(), clock),
                localBootstrap ? new LocalBootstrapTokens(new JWKSet(gatewayKey), settings, clock) : null);
    }

    private static URL url(String url) {
        try {
            return URI.create(url).toURL();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What GitHub Actions hands a workflow that asks for an id token with audience "airlock". */
    private static JWTClaimsSet.Builder ciClaims() {
        return new JWTClaimsSet.Builder().issuer(GITHUB).audience("airlock")
                .subject("repo:acme/app:ref:refs/heads/main").claim("repository", "acme/app")
                .claim("ref", "refs/heads/main").jwtID("gh-1").issueTime(Date.from(NOW.minusSeconds(10)))
                .notBeforeTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private String signed(JWTClaimsSet claims) throws Exception {
        return signed(claims, issuerKey);
    }

    private static String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Map<String, String> form(String subjectToken) {
        Map<String, String> form = new HashMap<>();
        form.put("grant_type", TokenExchange.GRANT_TYPE);
        form.put("subject_token", subjectToken);
        form.put("subject_token_type", TokenExchange.TYPE_JWT);
        return form;
    }

    private AgentIdentity gatewayTokenAgent(String token) throws TokenRejectedException {
        return new JwtTokenVerifier(new JWKSet(gatewayKey), TokenSettings.LOCAL_DEFAULTS, clock).verify(token);
    }

    private void assertRefused(String subjectToken, String reason) {
        assertThatThrownBy(() -> exchange.exchange(form(subjectToken)))
                .isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(subjectToken));
    }

    @Test
    void exchange_whenCiTokenMatchesARule_issuesGatewayTokenForTheMappedAgent() throws Exception {
        var issued = exchange.exchange(form(signed(ciClaims().build())));

        AgentIdentity agent = gatewayTokenAgent(issued.token());
        assertThat(agent.agentId()).isEqualTo("ci-deployer");
        assertThat(agent.tokenId()).isEqualTo(issued.tokenId());
        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("airlock-local");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("airlock-gateway");
    }

    @Test
    void exchange_whenLocalBootstrapToken_issuesGatewayTokenForItsAgent() throws Exception {
        String bootstrap = LocalBootstrapTokens.issue(gatewayKey, "airlock-local", "reporting-bot", null, clock)
                .token();

        var issued = exchange.exchange(form(bootstrap));

        assertThat(gatewayTokenAgent(issued.token()).agentId()).isEqualTo("reporting-bot");
    }

    @Test
    void exchange_whenCiTokenExpired_refuses() throws Exception {
        assertRefused(signed(ciClaims().issueTime(Date.from(NOW.minusSeconds(900)))
                .notBeforeTime(Date.from(NOW.minusSeconds(900))).expirationTime(Date.from(NOW.minusSeconds(120)))
                .build()), "expired");
    }

    @Test
    void exchange_whenCiTokenNotYetValid_refuses() throws Exception {
        assertRefused(signed(ciClaims().notBeforeTime(Date.from(NOW.plusSeconds(300)))
                .expirationTime(Date.from(NOW.plusSeconds(900))).build()), "not valid yet");
    }

    @Test
    void exchange_whenIssuerClaimIsALookalikeSignedWithTheTrustedKey_refuses() throws Exception {
        assertRefused(signed(ciClaims().issuer(GITHUB + ".evil.example").build()), "issuer is not trusted");
    }

    @Test
    void exchange_whenTokenFromUntrustedIssuer_refuses() throws Exception {
        RSAKey attackerKey = rsa();

        assertRefused(signed(ciClaims().issuer("https://gitlab.evil.example").build(), attackerKey),
                "issuer is not trusted");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void exchange_whenAudienceIsAnotherService_refuses() throws Exception {
        assertRefused(signed(ciClaims().audience("https://github.com/acme").build()), "another audience");
    }

    @Test
    void exchange_whenAlgIsNone_refuses() {
        assertRefused(new PlainJWT(ciClaims().build()).serialize(), "unsigned");
    }

    @Test
    void exchange_whenHs256SignedWithTheIssuersPublicKeyBytes_refuses() throws Exception {
        byte[] publicKeyAsSecret = issuerKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID()).build(),
                ciClaims().build());
        jwt.sign(new MACSigner(publicKeyAsSecret));

        assertRefused(jwt.serialize(), "HS256");
    }

    @Test
    void exchange_whenKidUnknownEvenAfterRefresh_refuses() throws Exception {
        exchange.exchange(form(signed(ciClaims().build())));
        RSAKey notPublished = rsa();

        assertRefused(signed(ciClaims().build(), notPublished), "does not publish");
        assertThat(fetches).as("the first fetch, then one refresh for the unknown kid").hasValue(2);
    }

    @Test
    void exchange_whenIssuerRotatedItsKey_refreshesAndAccepts() throws Exception {
        exchange.exchange(form(signed(ciClaims().build())));
        RSAKey rotated = rsa();
        published = new JWKSet(List.of(rotated.toPublicJWK(), issuerKey.toPublicJWK()));

        var issued = exchange.exchange(form(signed(ciClaims().build(), rotated)));

        assertThat(gatewayTokenAgent(issued.token()).agentId()).isEqualTo("ci-deployer");
    }

    @Test
    void exchange_whenManyTokensNameMadeUpKids_doesNotHammerTheIssuer() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertRefused(signed(ciClaims().build(), rsa()), "does not publish");
        }

        assertThat(fetches.get()).as("fetches within the rate limit's interval").isLessThanOrEqualTo(2);
    }

    @Test
    void exchange_whenPayloadTampered_refuses() throws Exception {
        String[] parts = signed(ciClaims().claim("repository", "acme/sandbox").build()).split("\\.");
        String forged = Base64URL.encode(ciClaims().build().toString()).toString();

        assertRefused(parts[0] + "." + forged + "." + parts[2], "signature is not valid");
    }

    @Test
    void exchange_whenNoRuleMatchesTheClaims_refuses() throws Exception {
        assertRefused(signed(ciClaims().claim("ref", "refs/heads/feature-x").build()), "No rule");
    }

    @Test
    void exchange_whenGatewayTokenPresentedAsBootstrap_refuses() {
        String gatewayToken = new GatewayTokenIssuer(gatewayKey, TokenSettings.LOCAL_DEFAULTS, clock)
                .issue("ops-bot", null).token();

        assertRefused(gatewayToken, "not a local bootstrap token");
    }

    @Test
    void verify_whenBootstrapTokenPresentedAsGatewayToken_refuses() {
        String bootstrap = LocalBootstrapTokens.issue(gatewayKey, "airlock-local", "ops-bot", null, clock).token();

        assertThatThrownBy(() -> gatewayTokenAgent(bootstrap)).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("bootstrap");
    }

    @Test
    void exchange_whenBootstrapTokenExpired_refuses() {
        Clock yesterday = Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC);
        String bootstrap = LocalBootstrapTokens.issue(gatewayKey, "airlock-local", "ops-bot", null, yesterday)
                .token();

        assertRefused(bootstrap, "expired");
    }

    @Test
    void exchange_whenBootstrapSignedByAnotherKey_refuses() {
        String bootstrap = LocalBootstrapTokens.issue(ec(), "airlock-local", "ops-bot", null, clock).token();

        assertRefused(bootstrap, "does not know");
    }

    @Test
    void exchange_whenLocalBootstrapTurnedOff_refuses() {
        String bootstrap = LocalBootstrapTokens.issue(gatewayKey, "airlock-local", "ops-bot", null, clock).token();

        assertThatThrownBy(() -> exchange(false).exchange(form(bootstrap))).hasMessageContaining("turned off");
    }

    @Test
    void exchange_whenGarbage_refuses() {
        assertRefused("not-a-jwt", "not a well-formed JWT");
    }

    @Test
    void exchange_whenGrantTypeMissing_isMalformed() {
        Map<String, String> form = form("x.y.z");
        form.remove("grant_type");

        assertThatThrownBy(() -> exchange.exchange(form)).isInstanceOf(TokenExchange.MalformedExchangeException.class)
                .hasMessageContaining("grant_type");
    }

    @Test
    void exchange_whenSubjectTokenTypeUnsupported_isMalformed() {
        Map<String, String> form = form("x.y.z");
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:saml2");

        assertThatThrownBy(() -> exchange.exchange(form)).isInstanceOf(TokenExchange.MalformedExchangeException.class)
                .hasMessageContaining("subject_token_type");
    }

    @Test
    void exchange_whenAudienceIsNotTheGateway_isMalformed() throws Exception {
        Map<String, String> form = form(signed(ciClaims().build()));
        form.put("audience", "https://other.example");

        assertThatThrownBy(() -> exchange.exchange(form)).isInstanceOf(TokenExchange.MalformedExchangeException.class);
    }

    /** An exchange whose only issuer has no jwksUri: its keys are where its discovery document says. */
    private TokenExchange discovering(String documentIssuer, AtomicInteger documentFetches) {
        ResourceRetriever web = url -> {
            if (url.toString().equals(GITHUB + "/.well-known/openid-configuration")) {
                documentFetches.incrementAndGet();
                return new Resource("{\"issuer\": \"" + documentIssuer + "\", \"jwks_uri\": \"" + GITHUB_JWKS + "\"}",
                        "application/json");
            }
            return retriever.retrieveResource(url);
        };
        TrustedIssuer discovered = new TrustedIssuer(GITHUB, null, "airlock", github.rules());
        TokenSettings settings = TokenSettings.LOCAL_DEFAULTS;
        return new TokenExchange(new GatewayTokenIssuer(gatewayKey, settings, clock), settings,
                new OidcTokenVerifier(List.of(discovered), web, settings.clockSkew(), clock), null);
    }

    @Test
    void exchange_whenIssuerHasNoJwksUri_findsTheKeysThroughDiscovery() throws Exception {
        AtomicInteger documentFetches = new AtomicInteger();
        TokenExchange discovering = discovering(GITHUB, documentFetches);

        discovering.exchange(form(signed(ciClaims().build())));
        var issued = discovering.exchange(form(signed(ciClaims().build())));

        assertThat(gatewayTokenAgent(issued.token()).agentId()).isEqualTo("ci-deployer");
        assertThat(documentFetches).hasValue(1);
        assertThat(fetches).hasValue(1);
    }

    @Test
    void exchange_whenDiscoveryDocumentNamesAnotherIssuer_refusesAndRetriesOnlyAfterAPause() throws Exception {
        AtomicInteger documentFetches = new AtomicInteger();
        TokenExchange discovering = discovering("https://evil.example", documentFetches);
        String token = signed(ciClaims().build());

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> discovering.exchange(form(token))).isInstanceOf(TokenRejectedException.class)
                    .hasMessageContaining("could not be fetched");
        }
        assertThat(documentFetches).hasValue(1);
        assertThat(fetches).hasValue(0);
    }

    @Test
    void exchange_whenSubjectTokenIssuedBeforeTheAgentWasRestored_refuses() throws Exception {
        TokenExchange refusing = exchange(true).refusingSubjectsIssuedBeforeRestore(
                agent -> agent.equals("ci-deployer") ? java.util.Optional.of(NOW.minusSeconds(5))
                        : java.util.Optional.empty());

        assertThatThrownBy(() -> refusing.exchange(form(signed(ciClaims().build()))))
                .isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("issued before agent ci-deployer was restored");
        assertThat(refusing.exchange(form(signed(ciClaims().issueTime(Date.from(NOW.minusSeconds(2))).build())))
                .agentId()).isEqualTo("ci-deployer");
    }

    @Test
    void exchange_whenMappedAgentRevoked_refuses() throws Exception {
        TokenExchange refusing = exchange(true).refusingRevokedAgents("ci-deployer"::equals);

        assertThatThrownBy(() -> refusing.exchange(form(signed(ciClaims().build()))))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("ci-deployer has been revoked");
    }
}
