package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.identity.AwsIamSubjectToken;
import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.LocalBootstrapTokens;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code airlock token}: a short-lived gateway token for a local agent, signed with the local key;
 * or, with {@code --bootstrap}, a bootstrap token the agent trades at {@code POST /v1/token}; or,
 * with {@code --aws-iam}, a gateway token for the agent's AWS identity, from any gateway.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a short-lived gateway token for an agent.",
                "An ES256 JWT signed with the local gateway's key, for an agent declared in the policies.",
                "It lives 15 minutes unless --ttl says otherwise (at most 60m).",
                "With --bootstrap: a bootstrap token instead (1h unless --ttl, at most 24h), which the agent",
                "trades for gateway tokens at POST /v1/token (docs/identity.md).",
                "With --aws-iam: a gateway token from the gateway at --gateway for the caller's AWS identity",
                "(the SDK's default credentials), traded as a signed sts:GetCallerIdentity request."})
final class TokenCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--agent", description = "Agent id, as declared in policies/entities.json.")
    String agent;

    @Option(names = "--aws-iam", description = "Trade this machine's AWS identity (SDK default credentials) for a "
            + "gateway token at --gateway.")
    boolean awsIam;

    @Option(names = "--gateway", description = "With --aws-iam: the gateway URL (default: the running local gateway, "
            + "else " + Workspace.DEFAULT_URL + ").")
    String gateway;

    @Option(names = "--server-id", defaultValue = "${env:AIRLOCK_SERVER_ID:-" + TokenSettings.DEFAULT_AUDIENCE + "}",
            description = "With --aws-iam: the gateway's awsIam serverId, signed as X-Airlock-Server-ID "
                    + "(default: $AIRLOCK_SERVER_ID, else ${DEFAULT-VALUE}).")
    String serverId;

    @Option(names = "--region", description = "With --aws-iam: sign for this region's STS endpoint "
            + "(default: the global endpoint, https://sts.amazonaws.com/).")
    String region;

    @Option(names = "--sts-endpoint", description = "With --aws-iam: the STS endpoint to sign for, as the gateway's "
            + "awsIam stsEndpoints allow (default: from --region).")
    String stsEndpoint;

    @Option(names = "--print-subject-token", description = "With --aws-iam: print the signed subject token instead "
            + "of exchanging it (for scripts that call POST /v1/token themselves).")
    boolean printSubjectToken;

    @Option(names = "--ttl", converter = DurationConverter.class,
            description = "Lifetime: 90s, 15m, 1h (default: 15m; with --bootstrap 1h).")
    Duration ttl;

    @Option(names = "--bootstrap", description = "Print a bootstrap token to exchange at POST /v1/token.")
    boolean bootstrap;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "The local gateway's data folder, which holds its key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--policies", description = "Cedar policy folder (default: the checkout's policies/).")
    Path policies;

    @Override
    public Integer call() {
        if (awsIam) {
            return awsIam();
        }
        if (agent == null) {
            throw new CliException("Missing required option: '--agent=<agent>' (or --aws-iam).", AirlockCli.USAGE);
        }
        if (printSubjectToken || gateway != null || stsEndpoint != null || region != null) {
            throw new CliException("--gateway, --region, --sts-endpoint and --print-subject-token go with --aws-iam.",
                    AirlockCli.USAGE);
        }
        if (bootstrap) {
            declared(agent, policies);
            try {
                System.out.println(LocalBootstrapTokens.issue(SigningKeyFile.loadOrCreate(dataDir),
                        TokenSettings.LOCAL_ISSUER, agent, ttl, Clock.systemUTC()).token());
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), AirlockCli.USAGE);
            }
            return 0;
        }
        System.out.println(issue(agent, ttl, dataDir, policies).token());
        return 0;
    }

    private Integer awsIam() {
        if (agent != null || bootstrap || ttl != null) {
            throw new CliException("--aws-iam takes no --agent, --bootstrap or --ttl: the gateway's awsIam rules name "
                    + "the agent, and its tokens live 15 minutes.", AirlockCli.USAGE);
        }
        String endpoint = stsEndpoint != null ? stsEndpoint : AwsIamSubjectTokens.endpoint(region);
        AwsCredentials credentials;
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            credentials = provider.resolveCredentials();
        } catch (SdkException e) {
            throw new CliException("No AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or run where a role is attached.");
        }
        String subjectToken;
        try {
            subjectToken = AwsIamSubjectTokens.sign(credentials, endpoint, region, serverId);
        } catch (IllegalArgumentException | SdkException e) {
            throw new CliException("Cannot sign a GetCallerIdentity request for '" + endpoint + "': check "
                    + "--sts-endpoint and --region.", AirlockCli.USAGE);
        }
        if (printSubjectToken) {
            System.out.println(subjectToken);
            return 0;
        }
        String url = gateway != null ? gateway : Workspace.runningGatewayUrl(dataDir).orElse(Workspace.DEFAULT_URL);
        System.out.println(exchange(url, subjectToken));
        return 0;
    }

    /** POST /v1/token with the subject token; the gateway token, or a one-line refusal. */
    private static String exchange(String gateway, String subjectToken) {
        URI uri;
        try {
            uri = URI.create(gateway.replaceAll("/+$", "") + "/v1/token");
        } catch (IllegalArgumentException e) {
            throw new CliException("'" + gateway + "' is not a URL.", AirlockCli.USAGE);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token_type", AwsIamSubjectToken.TOKEN_TYPE);
        form.put("subject_token", subjectToken);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("No gateway answers at " + gateway + ". Pass its URL with --gateway.");
        } catch (IOException e) {
            throw new CliException("The gateway at " + gateway + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted.");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw new CliException("The answer from " + gateway + " (HTTP " + response.statusCode() + ") is not JSON; "
                    + "is --gateway pointing at an Airlock gateway?");
        }
        if (response.statusCode() != 200 || !answer.path("access_token").isTextual()) {
            throw new CliException("The gateway refused the AWS identity (" + response.statusCode() + "): "
                    + answer.path("detail").asText(answer.path("title").asText("no reason given")));
        }
        return answer.path("access_token").asText();
    }

    /** Shared with {@code airlock sql --agent}: checks the agent is declared, then signs. */
    static GatewayTokenIssuer.IssuedToken issue(String agent, Duration ttl, Path dataDir, Path policies) {
        declared(agent, policies);
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(SigningKeyFile.loadOrCreate(dataDir),
                TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
        try {
            return issuer.issue(agent, ttl);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), AirlockCli.USAGE);
        }
    }

    private static void declared(String agent, Path policies) {
        Path policyDir = policies == null ? Workspace.defaultPolicies() : policies;
        List<String> agents;
        try {
            agents = PolicyBundle.fromDirectory(policyDir).agentIds();
        } catch (PolicyLoadException e) {
            throw new CliException(e.getMessage());
        }
        if (!agents.contains(agent)) {
            throw new CliException("Unknown agent '" + agent + "'. Agents declared in " + policyDir.resolve(
                    PolicyBundle.ENTITIES_FILE) + ": " + String.join(", ", agents) + ".");
        }
    }
}
