package dev.airlock.cli;

import dev.airlock.awsapi.sigv4.DerivedSecret;
import dev.airlock.identity.GatewayTokenIssuer.IssuedToken;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS credentials an unmodified SDK or CLI uses to call AWS through Airlock: the target's name
 * as access key id, the agent's gateway token as session token, and the secret key the gateway
 * derives from that token to verify the SigV4 signature.
 */
record AgentAwsCredentials(String target, IssuedToken token) {

    String secretAccessKey() {
        return DerivedSecret.of(token.token());
    }

    /** The credential_process answer (https://docs.aws.amazon.com/cli/latest/topic/config-vars.html). */
    Map<String, Object> credentialProcess() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Version", 1);
        json.put("AccessKeyId", target);
        json.put("SecretAccessKey", secretAccessKey());
        json.put("SessionToken", token.token());
        // The JWT carries whole seconds: never announce an expiry later than the token's.
        json.put("Expiration", token.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString());
        return json;
    }

    /** The variables that point the AWS CLI and SDKs at the gateway with these credentials. */
    Map<String, String> environment(String endpoint, String region) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", target);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey());
        env.put("AWS_SESSION_TOKEN", token.token());
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        return env;
    }

    /** Never the token or the secret. */
    @Override
    public String toString() {
        return "AgentAwsCredentials[target=" + target + ", " + token + "]";
    }
}
