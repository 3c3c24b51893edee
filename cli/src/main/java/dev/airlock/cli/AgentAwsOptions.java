package dev.airlock.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** What {@code airlock credentials} and {@code airlock aws} need to act as an agent on an AWS target. */
final class AgentAwsOptions {
    /** What the gateway accepts as the access key id of a SigV4 credential scope. */
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    @Option(names = "--agent", required = true, description = "Agent id, as declared in policies/entities.json.")
    String agent;

    @Option(names = "--target", required = true, description = "The AWS target, as declared in the policies "
            + "(e.g. aws-sandbox); it becomes the access key id.")
    String target;

    @Option(names = "--region", defaultValue = "us-east-1", description = "The AWS region the SDK signs for "
            + "(default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--url", description = "Gateway URL (default: the running local gateway, else "
            + Workspace.DEFAULT_URL + ").")
    String url;

    @Option(names = "--ttl", converter = DurationConverter.class,
            description = "Lifetime of the gateway token: 90s, 15m, 1h (default: 15m, at most 60m).")
    Duration ttl;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "The local gateway's data folder, which holds its key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--policies", description = "Cedar policy folder (default: the checkout's policies/).")
    Path policies;

    /** Refuses a target or region no SigV4 credential could carry, before anything is issued. */
    void check() {
        if (!TARGET.matcher(target).matches()) {
            throw new CliException("'" + target + "' is not a target name: letters, digits, '.', '_' and '-' only.",
                    AirlockCli.USAGE);
        }
        if (!REGION.matcher(region).matches()) {
            throw new CliException("'" + region + "' is not an AWS region (e.g. us-east-1).", AirlockCli.USAGE);
        }
    }

    /** Where the SDK sends its calls: the gateway's AWS endpoint. */
    String endpoint() {
        String gateway = url != null ? url : Workspace.runningGatewayUrl(dataDir).orElse(Workspace.DEFAULT_URL);
        if (!gateway.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            throw new CliException("'" + gateway + "' is not a gateway URL (http://host:port).", AirlockCli.USAGE);
        }
        return gateway.replaceAll("/+$", "") + "/aws";
    }

    /** Fresh credentials for the agent, from a gateway token issued as {@code airlock token} issues it. */
    AgentAwsCredentials issue() {
        check();
        return new AgentAwsCredentials(target, TokenCommand.issue(agent, ttl, dataDir, policies));
    }
}
