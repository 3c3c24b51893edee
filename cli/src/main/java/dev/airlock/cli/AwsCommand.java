package dev.airlock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code airlock aws}: the real AWS CLI, acting as an agent on an AWS target through the gateway. */
@Command(name = "aws", mixinStandardHelpOptions = true,
        description = {"Run the AWS CLI as an agent, through the gateway:",
                "  airlock aws --agent reporting-bot --target aws-sandbox -- \\",
                "      s3 ls s3://airlock-demo-reports/",
                "Runs `aws` from PATH with the credentials of `airlock credentials`",
                "and AWS_ENDPOINT_URL set to the gateway; exits with its exit code."})
final class AwsCommand implements Callable<Integer> {
    /** Settings that would send the CLI elsewhere than the gateway, or with other credentials. */
    private static final List<String> CLEARED = List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CREDENTIAL_EXPIRATION");

    @Mixin
    AgentAwsOptions options;

    @Option(names = "--aws-cli", hidden = true, description = "The aws program to run (default: aws from PATH).")
    Path awsCli;

    @Parameters(paramLabel = "AWS_ARGS", arity = "1..*", description = "What to pass to the AWS CLI, after --.")
    List<String> awsArgs = new ArrayList<>();

    /** AWS CLI options that would take the call away from the gateway or from the agent's credentials. */
    private static final List<String> REFUSED_ARGS = List.of("--profile", "--endpoint-url");

    @Override
    public Integer call() {
        options.check();
        for (String arg : awsArgs) {
            for (String refused : REFUSED_ARGS) {
                if (arg.equals(refused) || arg.startsWith(refused + "=")) {
                    throw new CliException("airlock aws sets the credentials and the endpoint itself: drop " + refused
                            + ".", AirlockCli.USAGE);
                }
            }
        }
        Path program = awsCli != null ? executable(awsCli).orElseThrow(() -> new CliException("'" + awsCli
                + "' is not an executable program.", AirlockCli.USAGE)) : onPath(System.getenv("PATH"))
                .orElseThrow(() -> new CliException("The AWS CLI (aws) is not on PATH: install it "
                        + "(https://aws.amazon.com/cli/), or use `airlock credentials --env`.", AirlockCli.USAGE));
        String endpoint = options.endpoint();
        AgentAwsCredentials credentials = options.issue();

        List<String> command = new ArrayList<>();
        command.add(program.toString());
        // The AWS CLI v1 ignores AWS_ENDPOINT_URL for SQS (it sends to the queue URL's host): the option binds every service.
        command.add("--endpoint-url");
        command.add(endpoint);
        command.addAll(awsArgs);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        CLEARED.forEach(env::remove);
        env.keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL_"));
        env.putAll(credentials.environment(endpoint, options.region));
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new CliException("Cannot run " + program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted.");
        }
    }

    /** The first executable {@code aws} in a PATH value. */
    static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            try {
                Optional<Path> found = executable(Path.of(directory, "aws"));
                if (found.isPresent()) {
                    return found;
                }
            } catch (InvalidPathException e) {
                // A PATH entry that is no path cannot hold aws.
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate) ? Optional.of(candidate)
                : Optional.empty();
    }
}
