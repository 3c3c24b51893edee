package dev.airlock.identity;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.core.port.TokenRejectedException;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OAuth 2.0 Token Exchange (RFC 8693) for agents: a bootstrap identity in, a short-lived gateway
 * token out. The bootstrap is an OIDC token from a trusted issuer, an AWS IAM identity (a signed
 * {@code sts:GetCallerIdentity} request, see {@link AwsIamSubjectToken}) or, when enabled, a local
 * bootstrap token signed with the gateway's key. The issued token names the agent the
 * bootstrap maps to and lives the gateway's default lifetime (never more than its maximum).
 */
public final class TokenExchange {
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String TYPE_JWT = "urn:ietf:params:oauth:token-type:jwt";
    public static final String TYPE_ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    public static final String TYPE_ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final List<String> SUBJECT_TYPES = List.of(TYPE_JWT, TYPE_ID_TOKEN);
    private static final List<String> REQUESTED_TYPES = List.of(TYPE_ACCESS_TOKEN, TYPE_JWT);
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    /** The request is not a token exchange Airlock can read: a 400, whatever the token. */
    public static final class MalformedExchangeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedExchangeException(String safeReason) {
            super(safeReason);
        }
    }

    private final GatewayTokenIssuer issuer;
    private final TokenSettings settings;
    private final OidcTokenVerifier oidc;
    private final LocalBootstrapTokens localBootstrap;
    private final AwsIamVerifier awsIam;
    private volatile java.util.function.Predicate<String> agentRevoked = agent -> false;
    private volatile java.util.function.Function<String, java.util.Optional<java.time.Instant>> agentRestoredAt =
            agent -> java.util.Optional.empty();

    TokenExchange(GatewayTokenIssuer issuer, TokenSettings settings, OidcTokenVerifier oidc,
                  LocalBootstrapTokens localBootstrap) {
        this(issuer, settings, oidc, localBootstrap, null);
    }

    TokenExchange(GatewayTokenIssuer issuer, TokenSettings settings, OidcTokenVerifier oidc,
                  LocalBootstrapTokens localBootstrap, AwsIamVerifier awsIam) {
        this.issuer = Objects.requireNonNull(issuer);
        this.settings = settings;
        this.oidc = oidc;
        this.localBootstrap = localBootstrap;
        this.awsIam = awsIam;
    }

    /**
     * @param gatewayKeys the gateway's public keys, which also sign local bootstrap tokens
     */
    public static TokenExchange create(GatewayTokenIssuer issuer, TokenSettings settings, IdentityConfig config,
                                       com.nimbusds.jose.jwk.JWKSet gatewayKeys, Clock clock) {
        return create(issuer, settings, config, new GatewayPublicKeys(gatewayKeys), clock);
    }

    /**
     * @param gatewayKeys the gateway's public keys as they are at each exchange (a rotation
     *                    applies without a restart); they also sign local bootstrap tokens
     */
    public static TokenExchange create(GatewayTokenIssuer issuer, TokenSettings settings, IdentityConfig config,
                                       GatewayPublicKeys gatewayKeys, Clock clock) {
        return new TokenExchange(issuer, settings,
                new OidcTokenVerifier(config.trustedIssuers(), settings.clockSkew(), clock),
                config.localBootstrap() ? new LocalBootstrapTokens(gatewayKeys, settings, clock) : null,
                config.awsIam() != null ? new AwsIamVerifier(config.awsIam(), settings.audience(), clock) : null);
    }

    /** Where traded AWS IAM requests are remembered, when more than this process must know. */
    public TokenExchange rememberingTradedRequestsIn(TradedRequests store) {
        if (awsIam != null) {
            awsIam.rememberTradesIn(store);
        }
        return this;
    }

    /** Agents for which this returns true get no gateway token, whatever their bootstrap. */
    public TokenExchange refusingRevokedAgents(java.util.function.Predicate<String> revoked) {
        this.agentRevoked = Objects.requireNonNull(revoked);
        return this;
    }

    /**
     * A JWT subject token issued at or before its agent was restored from a revocation gets no
     * gateway token: restoring an agent revives none of its old credentials.
     */
    public TokenExchange refusingSubjectsIssuedBeforeRestore(
            java.util.function.Function<String, java.util.Optional<java.time.Instant>> restoredAt) {
        this.agentRestoredAt = Objects.requireNonNull(restoredAt);
        return this;
    }

    /**
     * @param form the decoded form parameters, each given once
     * @throws MalformedExchangeException when the request is not a token exchange Airlock accepts
     * @throws TokenRejectedException     when the subject token fails any check; the message never echoes it
     */
    public GatewayTokenIssuer.IssuedToken exchange(Map<String, String> form) throws TokenRejectedException {
        String grantType = form.get("grant_type");
        if (!GRANT_TYPE.equals(grantType)) {
            throw new MalformedExchangeException("Set grant_type to " + GRANT_TYPE + ".");
        }
        String subjectToken = form.get("subject_token");
        if (subjectToken == null || subjectToken.isBlank()) {
            throw new MalformedExchangeException("Set subject_token to the bootstrap token (an OIDC token from a "
                    + "trusted issuer, a local bootstrap token, or a signed sts:GetCallerIdentity request).");
        }
        String subjectType = form.get("subject_token_type");
        if (!SUBJECT_TYPES.contains(subjectType) && !AwsIamSubjectToken.TOKEN_TYPE.equals(subjectType)) {
            throw new MalformedExchangeException("Set subject_token_type to " + TYPE_JWT + " or " + TYPE_ID_TOKEN
                    + " (OIDC and local bootstrap tokens), or " + AwsIamSubjectToken.TOKEN_TYPE + " (AWS IAM).");
        }
        String requested = form.get("requested_token_type");
        if (requested != null && !REQUESTED_TYPES.contains(requested)) {
            throw new MalformedExchangeException("requested_token_type can only be " + TYPE_ACCESS_TOKEN + ".");
        }
        String audience = form.get("audience");
        if (audience != null && !audience.equals(settings.audience())) {
            throw new MalformedExchangeException("audience can only be " + settings.audience()
                    + ", the gateway itself.");
        }
        String token = subjectToken.strip();
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException("The subject token is too long.");
        }
        String agent = AwsIamSubjectToken.TOKEN_TYPE.equals(subjectType) ? verifyAwsIam(token) : verifySubject(token);
        if (agentRevoked.test(agent)) {
            throw new TokenRejectedException("Agent " + agent + " has been revoked.");
        }
        java.util.Optional<java.time.Instant> restoredAt = agentRestoredAt.apply(agent);
        if (restoredAt.isPresent() && !AwsIamSubjectToken.TOKEN_TYPE.equals(subjectType)) {
            // The signature is verified by now, so the issue time can be believed.
            java.time.Instant issuedAt = issuedAt(token);
            if (issuedAt == null || !issuedAt.isAfter(restoredAt.get())) {
                throw new TokenRejectedException("The bootstrap token was issued before agent " + agent + " was "
                        + "restored from a revocation, and a restore revives no old credential: get a new one.");
            }
        }
        try {
            return issuer.issue(agent, null);
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException("The bootstrap token maps to an agent id Airlock cannot use.");
        }
    }

    private static java.time.Instant issuedAt(String verifiedToken) {
        try {
            Date issued = JWTParser.parse(verifiedToken).getJWTClaimsSet().getIssueTime();
            return issued == null ? null : issued.toInstant();
        } catch (ParseException e) {
            return null;
        }
    }

    private String verifyAwsIam(String token) throws TokenRejectedException {
        if (awsIam == null) {
            throw new TokenRejectedException("AWS IAM bootstrap is turned off on this gateway; an operator turns it "
                    + "on with awsIam in identity.json.");
        }
        return awsIam.verify(token);
    }

    private String verifySubject(String token) throws TokenRejectedException {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException("The subject token is not a well-formed JWT.");
        }
        if (parsed instanceof PlainJWT) {
            throw new TokenRejectedException("The subject token is unsigned (alg none).");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw new TokenRejectedException("The subject token is encrypted; send a signed JWT.");
        }
        String unverifiedIssuer;
        try {
            unverifiedIssuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new TokenRejectedException("The subject token's claims are not valid JSON.");
        }
        // The issuer only picks which keys to check the signature with; nothing else is believed yet.
        if (settings.issuer().equals(unverifiedIssuer)) {
            if (localBootstrap == null) {
                throw new TokenRejectedException("Local bootstrap tokens are turned off on this gateway.");
            }
            return localBootstrap.verify(jwt);
        }
        return oidc.verify(jwt, unverifiedIssuer);
    }

    public TokenSettings settings() {
        return settings;
    }
}
