package dev.airlock.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsIamTrustTest {

    @Test
    void parse_readsRules_andDefaultsToTheAwsEndpoints() {
        IdentityConfig config = IdentityConfig.parse("""
                {"awsIam": {"serverId": "https://airlock.example.com",
                  "rules": [{"arn": "arn:aws:iam::123456789012:role/ci-runner", "agent": "ops-bot"},
                            {"arn": "arn:aws:iam::123456789012:user/ops/alice", "agent": "reporting-bot"}]}}""",
                "identity.json");

        AwsIamTrust trust = config.awsIam();
        assertThat(trust.serverId()).isEqualTo("https://airlock.example.com");
        assertThat(trust.stsEndpoints()).isEqualTo(AwsIamTrust.DEFAULT_STS_ENDPOINTS);
        assertThat(config.ruleAgents()).containsExactly("ops-bot", "reporting-bot");
        assertThat(trust.allows("https://sts.amazonaws.com/")).isTrue();
        assertThat(trust.allows("https://sts.eu-west-1.amazonaws.com/")).isTrue();
        assertThat(trust.allows("https://sts.us-gov-west-1.amazonaws.com/")).isTrue();
        assertThat(trust.allows("https://sts.amazonaws.com")).isFalse();
        assertThat(trust.allows("https://sts.evil.example/")).isFalse();
        assertThat(trust.allows("https://sts.eu-west-1.amazonaws.com.evil.example/")).isFalse();
        assertThat(trust.allows("https://sts.eu-west-1.evil.example/.amazonaws.com/")).isFalse();
        assertThat(trust.allows("http://sts.amazonaws.com/")).isFalse();
    }

    @Test
    void agentFor_mapsAssumedRoleSessionsToTheRole_andUsersExactly() {
        AwsIamTrust trust = new AwsIamTrust(null, AwsIamTrust.DEFAULT_STS_ENDPOINTS, List.of(
                new AwsIamTrust.ArnRule("arn:aws:iam::123456789012:role/ci-runner", "ops-bot"),
                new AwsIamTrust.ArnRule("arn:aws:iam::123456789012:user/alice", "reporting-bot")));

        assertThat(trust.agentFor("arn:aws:sts::123456789012:assumed-role/ci-runner/any-session")).isEqualTo("ops-bot");
        assertThat(trust.agentFor("arn:aws:iam::123456789012:user/alice")).isEqualTo("reporting-bot");
        assertThat(trust.agentFor("arn:aws:sts::210987654321:assumed-role/ci-runner/s")).isNull();
        assertThat(trust.agentFor("arn:aws:iam::123456789012:role/ci-runner")).isNull();
        assertThat(trust.agentFor("arn:aws:sts::123456789012:assumed-role/ci-runner-2/s")).isNull();
        assertThat(trust.agentFor("arn:aws:iam::123456789012:user/alice2")).isNull();
        assertThat(trust.agentFor("arn:aws:sts::123456789012:federated-user/alice")).isNull();
        assertThat(trust.agentFor("arn:aws:iam::123456789012:root")).isNull();
    }

    @Test
    void parse_whenSeveralMistakes_namesEachWithItsFix() {
        assertThatThrownBy(() -> IdentityConfig.parse("""
                {"awsIam": {"serverID": "x", "serverId": "has space",
                  "stsEndpoints": ["http://sts.example.com/", "https://sts.example.com/path", 7],
                  "rules": [{"arn": "arn:aws:iam::123456789012:role/service-role/deploy", "agent": "a"},
                            {"arn": "arn:aws:iam::123456789012:role/*", "agent": "a"},
                            {"arn": "arn:aws:sts::123456789012:assumed-role/r/s", "agent": "a"},
                            {"arn": "arn:aws:iam::123456789012:user/bob", "agent": "not an id"},
                            {"arn": "arn:aws:iam::123456789012:user/carol", "agent": "c"},
                            {"arn": "arn:aws:iam::123456789012:user/carol", "agent": "d"},
                            {"agent": "x"}]}}""", "data/identity.json"))
                .hasMessageContaining("data/identity.json cannot be used")
                .hasMessageContaining("awsIam: unknown field 'serverID'")
                .hasMessageContaining("awsIam: serverId must be a non-empty string of printable ASCII")
                .hasMessageContaining("awsIam.stsEndpoints[0]: http://sts.example.com/ must be an https:// URL")
                .hasMessageContaining("awsIam.stsEndpoints[1]: https://sts.example.com/path must be the endpoint's root")
                .hasMessageContaining("awsIam.stsEndpoints[2] must be a URL")
                .hasMessageContaining("awsIam.rules[0]: write the role ARN without its path "
                        + "(arn:aws:iam::123456789012:role/deploy)")
                .hasMessageContaining("awsIam.rules[1]: arn 'arn:aws:iam::123456789012:role/*' must be an IAM role ARN")
                .hasMessageContaining("awsIam.rules[2]: arn 'arn:aws:sts::123456789012:assumed-role/r/s' must be")
                .hasMessageContaining("awsIam.rules[3]: agent 'not an id' is not an agent id")
                .hasMessageContaining("awsIam.rules[5]: arn:aws:iam::123456789012:user/carol is mapped twice")
                .hasMessageContaining("awsIam.rules[6] must be {\"arn\"");
    }

    @Test
    void parse_whenNoRules_saysHowToWriteOne() {
        assertThatThrownBy(() -> IdentityConfig.parse("{\"awsIam\": {}}", "identity.json"))
                .hasMessageContaining("awsIam: give rules");
        assertThatThrownBy(() -> IdentityConfig.parse("{\"awsIam\": []}", "identity.json"))
                .hasMessageContaining("awsIam must be an object");
    }

    @Test
    void parse_acceptsLoopbackEmulatorEndpoints() {
        AwsIamTrust trust = IdentityConfig.parse("""
                {"awsIam": {"stsEndpoints": ["http://127.0.0.1:5000/"],
                  "rules": [{"arn": "arn:aws:iam::123456789012:user/alice", "agent": "ops-bot"}]}}""",
                "identity.json").awsIam();

        assertThat(trust.serverId()).isNull();
        assertThat(trust.allows("http://127.0.0.1:5000/")).isTrue();
        assertThat(trust.allows("https://sts.amazonaws.com/")).isFalse();
    }
}
