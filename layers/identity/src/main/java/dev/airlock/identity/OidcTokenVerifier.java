package dev.airlock.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.airlock.core.port.TokenRejectedException;

import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks OIDC tokens from the trusted issuers (GitHub Actions, GitLab CI, Kubernetes service
 * accounts, any OIDC provider) and maps them to an agent id. The signature is checked against
 * the issuer's published JWK set, fetched through Nimbus's JWK source: cached, refreshed ahead
 * of expiry and when a token names an unknown {@code kid}, and rate limited so that tokens with
 * made-up key ids cannot make the gateway hammer the issuer.
 */
final class OidcTokenVerifier {
    /** Asymmetric algorithms only: never {@code none}, never an HMAC keyed with public material. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final Duration CACHE_TTL = Duration.ofMinutes(10);
    static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    private record Issuer(TrustedIssuer config, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private final Map<String, Issuer> issuers = new LinkedHashMap<>();
    private final Duration clockSkew;
    private final Clock clock;

    /** With keys fetched over HTTP(S) with short timeouts and a size limit. */
    OidcTokenVerifier(List<TrustedIssuer> trusted, Duration clockSkew, Clock clock) {
        this(trusted, new DefaultResourceRetriever(2_000, 2_000, 256 * 1024), clockSkew, clock);
    }

    OidcTokenVerifier(List<TrustedIssuer> trusted, ResourceRetriever retriever, Duration clockSkew, Clock clock) {
        this.clockSkew = clockSkew;
        this.clock = clock;
        for (TrustedIssuer issuer : trusted) {
            Function<URL, JWKSource<SecurityContext>> cached = url -> JWKSourceBuilder
                    .<SecurityContext>create(url, retriever)
                    .retrying(false)
                    .cache(CACHE_TTL.toMillis(), REFRESH_TIMEOUT.toMillis())
                    .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, false)
                    .rateLimited(MIN_REFRESH_INTERVAL.toMillis())
                    .build();
            JWKSource<SecurityContext> keys = issuer.jwksUri() != null ? cached.apply(issuer.jwksUri())
                    : new DiscoveredJwkSource(issuer.issuer(), retriever, cached, clock);
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
            // Claims are checked below, against this verifier's clock and with messages an agent can act on.
            processor.setJWTClaimsSetVerifier((claims, context) -> { });
            issuers.put(issuer.issuer(), new Issuer(issuer, processor));
        }
    }

    boolean trusts(String issuer) {
        return issuers.containsKey(issuer);
    }

    /** @return the agent id the issuer's claim rules map the token to */
    String verify(SignedJWT jwt, String unverifiedIssuer) throws TokenRejectedException {
        Issuer issuer = issuers.get(unverifiedIssuer);
        if (issuer == null) {
            throw new TokenRejectedException("The token's issuer is not trusted by this gateway; an operator adds "
                    + "trusted issuers to identity.json.");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw new TokenRejectedException("The token is signed with " + alg + "; OIDC tokens must be signed "
                    + "RS256 or ES256.");
        }
        JWTClaimsSet claims;
        try {
            claims = issuer.processor().process(jwt, null);
        } catch (BadJOSEException e) {
            // Nimbus says "no matching key(s)" when the kid is unknown even after a refresh.
            throw new TokenRejectedException(e.getMessage() != null && e.getMessage().contains("no matching key")
                    ? unknownKey(issuer) : "The token's signature is not valid.");
        } catch (RateLimitReachedException e) {
            throw new TokenRejectedException(unknownKey(issuer));
        } catch (KeySourceException e) {
            throw new TokenRejectedException("The token cannot be checked now: the issuer's keys at "
                    + issuer.config().keysLocation() + " could not be fetched.");
        } catch (JOSEException e) {
            throw new TokenRejectedException("The token's signature cannot be verified.");
        }
        if (!issuer.config().issuer().equals(claims.getIssuer())) {
            throw new TokenRejectedException("The token's issuer is not trusted by this gateway.");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(issuer.config().audience())) {
            throw new TokenRejectedException("The token is meant for another audience; request it with audience '"
                    + issuer.config().audience() + "'.");
        }
        TokenTimes.check(claims, clock.instant(), clockSkew, null, "token");
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new TokenRejectedException("The token has no subject (sub).");
        }
        String agent = issuer.config().agentFor(claims.toJSONObject());
        if (agent == null) {
            throw new TokenRejectedException("No rule for this issuer maps the token's claims to an agent; an "
                    + "operator adds one to identity.json.");
        }
        return agent;
    }

    private static String unknownKey(Issuer issuer) {
        return "The token was signed by a key the issuer does not publish at " + issuer.config().keysLocation()
                + ".";
    }
}
