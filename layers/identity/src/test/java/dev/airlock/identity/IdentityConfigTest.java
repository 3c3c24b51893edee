package dev.airlock.identity;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityConfigTest {

    @Test
    void parse_whenGithubIssuerWithRule_readsIt() {
        IdentityConfig config = IdentityConfig.parse("""
                {"localBootstrap": false, "trustedIssuers": [{
                  "issuer": "https://token.actions.githubusercontent.com",
                  "jwksUri": "https://token.actions.githubusercontent.com/.well-known/jwks",
                  "audience": "airlock",
                  "rules": [{"claims": {"repository": "acme/app", "ref": "refs/heads/main"}, "agent": "ci-deployer"}]
                }]}""", "identity.json");

        assertThat(config.localBootstrap()).isFalse();
        TrustedIssuer issuer = config.trustedIssuers().getFirst();
        assertThat(issuer.audience()).isEqualTo("airlock");
        assertThat(issuer.agentFor(Map.of("repository", "acme/app", "ref", "refs/heads/main")))
                .isEqualTo("ci-deployer");
        assertThat(issuer.agentFor(Map.of("repository", "acme/app", "ref", "refs/heads/dev"))).isNull();
    }

    @Test
    void claimRule_whenValueEndsWithStar_matchesByPrefix() {
        var rule = new TrustedIssuer.ClaimRule(Map.of("ref", "refs/tags/v*"), "releaser");

        assertThat(rule.matches(Map.of("ref", "refs/tags/v1.2.0"))).isTrue();
        assertThat(rule.matches(Map.of("ref", "refs/heads/v1"))).isFalse();
        assertThat(rule.matches(Map.of())).isFalse();
    }

    @Test
    void parse_whenEmpty_acceptsLocalBootstrapOnly() {
        IdentityConfig config = IdentityConfig.parse("{}", "identity.json");

        assertThat(config).isEqualTo(IdentityConfig.LOCAL_ONLY);
    }

    @Test
    void parse_whenSeveralMistakes_namesEachWithItsFix() {
        assertThatThrownBy(() -> IdentityConfig.parse("""
                {"trustedIssuer": [], "trustedIssuers": [
                  {"issuer": "https://a.example", "jwksUri": "http://a.example/jwks", "audience": "airlock",
                   "rules": [{"claims": {}, "agent": "x"}]},
                  {"issuer": "https://b.example", "jwksUri": "https://b.example/jwks",
                   "rules": [{"claims": {"sub": "*"}, "agent": "y"}]}
                ]}""", "data/identity.json"))
                .hasMessageContaining("data/identity.json cannot be used")
                .hasMessageContaining("unknown field 'trustedIssuer'")
                .hasMessageContaining("trustedIssuers[0]: jwksUri must be an https:// URL")
                .hasMessageContaining("trustedIssuers[0].rules[0] must be")
                .hasMessageContaining("trustedIssuers[1]: set audience")
                .hasMessageContaining("trustedIssuers[1].rules[0]: claim 'sub' must be a non-empty string other");
    }

    @Test
    void parse_whenNotJson_says() {
        assertThatThrownBy(() -> IdentityConfig.parse("{", "identity.json"))
                .hasMessageContaining("identity.json is not a JSON object");
    }

    @Test
    void parse_whenJwksUriOmitted_leavesItToDiscovery() {
        IdentityConfig config = IdentityConfig.parse("""
                {"trustedIssuers": [{"issuer": "https://gitlab.com", "audience": "airlock",
                  "rules": [{"claims": {"project_path": "acme/app"}, "agent": "ci-deployer"}]}]}""", "identity.json");

        assertThat(config.trustedIssuers().getFirst().jwksUri()).isNull();
    }

    @Test
    void parse_whenPlainHttpIssuerWithoutJwksUri_saysToSetIt() {
        assertThatThrownBy(() -> IdentityConfig.parse("""
                {"trustedIssuers": [{"issuer": "http://ci.example", "audience": "airlock",
                  "rules": [{"claims": {"sub": "x"}, "agent": "a"}]}]}""", "identity.json"))
                .hasMessageContaining("cannot be discovered: set jwksUri");
    }
}
