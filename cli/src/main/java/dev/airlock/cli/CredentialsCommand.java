package dev.airlock.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code airlock credentials}: AWS credentials for an agent on an AWS target, for the unmodified AWS
 * CLI and SDKs, as a credential_process answer or shell exports.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = {"Print AWS credentials that act as an agent on an AWS target through the gateway.",
                "By default the JSON a credential_process prints: in ~/.aws/config write",
                "  credential_process = airlock credentials --agent A --target T",
                "  endpoint_url = http://127.0.0.1:8080/aws",
                "(or run with --profile-snippet to print that block). With --env: shell export lines",
                "(eval \"$(airlock credentials --agent A --target T --env)\").",
                "The session token is a fresh gateway token (15 minutes unless --ttl); the access key id is",
                "the target; the secret key is derived from the token."})
final class CredentialsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AgentAwsOptions options;

    @Option(names = "--env", description = "Print export lines for a POSIX shell instead of JSON.")
    boolean env;

    @Option(names = "--profile-snippet", description = "Print a ~/.aws/config profile that runs this command.")
    boolean profileSnippet;

    @Override
    public Integer call() throws JsonProcessingException {
        if (env && profileSnippet) {
            throw new CliException("Choose one of --env and --profile-snippet.", AirlockCli.USAGE);
        }
        if (profileSnippet) {
            options.check();
            System.out.print(profile());
            return 0;
        }
        String endpoint = options.endpoint();
        AgentAwsCredentials credentials = options.issue();
        if (env) {
            StringBuilder exports = new StringBuilder();
            credentials.environment(endpoint, options.region).forEach((name, value) ->
                    exports.append("export ").append(name).append('=').append(Shell.quote(value)).append('\n'));
            exports.append("unset AWS_PROFILE\n");
            System.out.print(exports);
        } else {
            System.out.println(JSON.writeValueAsString(credentials.credentialProcess()));
        }
        return 0;
    }

    /** The profile runs this command from anywhere, so every path in it is absolute. */
    private String profile() {
        StringBuilder command = new StringBuilder(Shell.quote(Workspace.home().resolve("airlock").toString()))
                .append(" credentials --agent ").append(Shell.quote(options.agent))
                .append(" --target ").append(Shell.quote(options.target))
                .append(" --data-dir ").append(Shell.quote(options.dataDir.toAbsolutePath().normalize().toString()));
        if (options.policies != null) {
            command.append(" --policies ").append(Shell.quote(options.policies.toAbsolutePath().normalize().toString()));
        }
        if (options.url != null) {
            command.append(" --url ").append(Shell.quote(options.url));
        }
        if (options.ttl != null) {
            command.append(" --ttl ").append(options.ttl.toSeconds()).append('s');
        }
        return "[profile airlock-" + options.agent.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + options.target + "]\n"
                + "credential_process = " + command + "\n"
                + "endpoint_url = " + options.endpoint() + "\n"
                + "region = " + options.region + "\n";
    }
}
