package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.airlock.awsapi.sigv4.DerivedSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code airlock credentials} and {@code airlock aws} against a data folder of their own. */
class CredentialsAndAwsCommandTest {
    private static final String POLICIES = Path.of("..", "policies").toAbsolutePath().normalize().toString();
    @TempDir
    Path dataDir;

    private CliRun airlock(String command, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = command;
        all[1] = "--data-dir";
        all[2] = dataDir.toString();
        all[3] = "--policies";
        all[4] = POLICIES;
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.airlock(all);
    }

    @Test
    void credentials_printsCredentialProcessJsonWithAFreshTokenAndItsDerivedSecret() throws Exception {
        CliRun run = airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("Version").asInt()).isEqualTo(1);
        assertThat(json.path("AccessKeyId").asText()).isEqualTo("aws-sandbox");
        String token = json.path("SessionToken").asText();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("reporting-bot");
        assertThat(json.path("SecretAccessKey").asText()).isEqualTo(DerivedSecret.of(token));
        assertThat(Instant.parse(json.path("Expiration").asText()))
                .isEqualTo(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));
    }

    @Test
    void credentials_whenEnv_printsExportsForTheGatewaysAwsEndpoint() {
        CliRun run = airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox", "--env",
                "--region", "eu-west-3", "--url", "http://127.0.0.1:9999/");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).contains("export AWS_ACCESS_KEY_ID=aws-sandbox",
                "export AWS_ENDPOINT_URL=http://127.0.0.1:9999/aws", "export AWS_REGION=eu-west-3",
                "export AWS_DEFAULT_REGION=eu-west-3", "unset AWS_PROFILE");
        String token = lines.stream().filter(l -> l.startsWith("export AWS_SESSION_TOKEN=")).findFirst().orElseThrow()
                .substring("export AWS_SESSION_TOKEN=".length());
        assertThat(lines).contains("export AWS_SECRET_ACCESS_KEY=" + DerivedSecret.of(token));
    }

    @Test
    void credentials_whenProfileSnippet_printsAConfigProfileWithAbsolutePaths() {
        CliRun run = airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox",
                "--profile-snippet", "--url", "http://127.0.0.1:9999");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("[profile airlock-reporting-bot-aws-sandbox]\n")
                .contains("credential_process = ").contains(" credentials --agent reporting-bot --target aws-sandbox "
                        + "--data-dir " + dataDir.toAbsolutePath())
                .contains("endpoint_url = http://127.0.0.1:9999/aws\n").contains("region = us-east-1\n");
    }

    @Test
    void credentials_whenBadInput_exitsNonZeroWithOneLine() {
        assertOneLineError(airlock("credentials", "--agent", "nobody", "--target", "aws-sandbox"), 1, "Unknown agent");
        assertOneLineError(airlock("credentials", "--agent", "reporting-bot", "--target", "aws sandbox"), 2,
                "not a target name");
        assertOneLineError(airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox", "--region",
                "US East"), 2, "not an AWS region");
        assertOneLineError(airlock("credentials", "--agent", "reporting-bot"), 2, "--target");
        assertOneLineError(airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox", "--env",
                "--profile-snippet"), 2, "one of");
        assertOneLineError(airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox", "--url",
                "not a url"), 2, "not a gateway URL");
        assertOneLineError(airlock("credentials", "--agent", "reporting-bot", "--target", "aws-sandbox", "--ttl",
                "2h"), 2, "");
    }

    @Test
    void aws_runsTheAwsCliWithTheAgentsCredentialsAndReturnsItsExitCode() throws Exception {
        Path seen = dataDir.resolve("seen.txt");
        Path fake = dataDir.resolve("aws");
        Files.writeString(fake, "#!/bin/sh\n{ echo \"args=$*\"; env | grep '^AWS_' | sort; } > '" + seen + "'\n"
                + "exit 7\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        CliRun run = airlock("aws", "--agent", "reporting-bot", "--target", "aws-sandbox", "--url",
                "http://127.0.0.1:9999", "--aws-cli", fake.toString(), "--", "s3", "ls", "s3://airlock-demo-reports/",
                "--recursive");

        assertThat(run.exit()).as(run.err()).isEqualTo(7);
        List<String> lines = Files.readAllLines(seen);
        assertThat(lines).contains("args=--endpoint-url http://127.0.0.1:9999/aws s3 ls s3://airlock-demo-reports/ --recursive", "AWS_ACCESS_KEY_ID=aws-sandbox",
                "AWS_ENDPOINT_URL=http://127.0.0.1:9999/aws", "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1");
        assertThat(lines).noneMatch(l -> l.startsWith("AWS_PROFILE="));
        String token = lines.stream().filter(l -> l.startsWith("AWS_SESSION_TOKEN=")).findFirst().orElseThrow()
                .substring("AWS_SESSION_TOKEN=".length());
        assertThat(lines).contains("AWS_SECRET_ACCESS_KEY=" + DerivedSecret.of(token));
    }

    @Test
    void aws_whenTheAwsCliIsMissing_exits2WithOneLine() {
        assertOneLineError(airlock("aws", "--agent", "reporting-bot", "--target", "aws-sandbox", "--aws-cli",
                dataDir.resolve("no-such-aws").toString(), "--", "s3", "ls"), 2, "not an executable");
        assertThat(AwsCommand.onPath(dataDir + ":" + dataDir.resolve("missing"))).isEmpty();
        assertThat(AwsCommand.onPath(null)).isEmpty();
    }

    @Test
    void aws_whenArgumentsChooseAnotherProfileOrEndpoint_exits2() {
        assertOneLineError(airlock("aws", "--agent", "reporting-bot", "--target", "aws-sandbox", "--", "s3", "ls",
                "--profile", "prod"), 2, "drop --profile");
        assertOneLineError(airlock("aws", "--agent", "reporting-bot", "--target", "aws-sandbox", "--", "s3", "ls",
                "--endpoint-url=https://s3.amazonaws.com"), 2, "drop --endpoint-url");
    }

    @Test
    void aws_whenNoAwsArguments_exits2() {
        assertOneLineError(airlock("aws", "--agent", "reporting-bot", "--target", "aws-sandbox"), 2, "AWS_ARGS");
    }

    private static void assertOneLineError(CliRun run, int exit, String text) {
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.err().strip()).startsWith("airlock: ").contains(text).doesNotContain("\n");
        assertThat(run.out()).isEmpty();
    }
}
