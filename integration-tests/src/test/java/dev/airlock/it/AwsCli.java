package dev.airlock.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI and boto3, unmodified, set up as the docs tell an agent to: a profile whose
 * {@code credential_process} is {@code airlock credentials} and whose {@code endpoint_url} is the
 * gateway's {@code /aws}. Nothing else of the caller's environment reaches them.
 */
final class AwsCli {
    private final Path configFile;
    private final Path dataDir;

    private AwsCli(Path configFile, Path dataDir) {
        this.configFile = configFile;
        this.dataDir = dataDir;
    }

    /** One profile per agent, named after it, for {@code target} behind the gateway at {@code gateway}. */
    static AwsCli profiles(Path dir, URI gateway, Path dataDir, String target, String region, String... agents) {
        StringBuilder config = new StringBuilder();
        for (String agent : agents) {
            config.append("[profile ").append(agent).append("]\n")
                    .append("credential_process = ").append(Cli.java())
                    .append(" --sun-misc-unsafe-memory-access=allow -Dairlock.home=").append(Cli.HOME)
                    .append(" -jar ").append(Cli.JAR).append(" credentials --agent ").append(agent)
                    .append(" --target ").append(target).append(" --data-dir ").append(dataDir).append('\n')
                    .append("endpoint_url = ").append(gateway).append("/aws\n")
                    .append("region = ").append(region).append("\n\n");
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("aws-config");
            Files.writeString(file, config);
            return new AwsCli(file, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path configFile() {
        return configFile;
    }

    /** {@code aws <args>} as {@code agent}, with only the profile. */
    Cli.Result aws(String agent, String... args) {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        return run(agent, command);
    }

    /** A boto3 script as {@code agent}; it reads the profile through {@code AWS_PROFILE}. */
    Cli.Result python(String agent, String script) {
        return run(agent, List.of("python3", "-c", script));
    }

    Map<String, String> environment(String agent) {
        return Map.of("AWS_CONFIG_FILE", configFile.toString(), "AWS_PROFILE", agent,
                "AWS_SHARED_CREDENTIALS_FILE", configFile.resolveSibling("no-credentials").toString(),
                "AWS_PAGER", "");
    }

    private Cli.Result run(String agent, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only the profile: no AWS variable of the machine running the tests leaks in.
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(environment(agent));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 90 s");
            }
            Cli.Result result = new Cli.Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
            Evidence.cli(command, result);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path dataDir() {
        return dataDir;
    }
}
