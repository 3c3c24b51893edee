package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.aws.support.AwsClients;
import dev.airlock.testing.MotoRecorder;
import dev.airlock.testing.MotoState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS API calls through the local gateway, made by the real AWS CLI, boto3 and SDK v2 clients,
 * unmodified, configured only by the documented profile: the demo account {@code aws-sandbox} on
 * moto_server answers, and moto itself is the ground truth of what ran.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsApiIT {
    static final String TARGET = "aws-sandbox";
    static final String REPORTS = "airlock-demo-reports";
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");

    @TempDir
    static Path workDir;
    static Path dataDir;
    static LocalGateway gateway;
    static AwsCli cli;
    static URI moto;
    static S3Client motoS3;
    static Ec2Client motoEc2;

    @BeforeAll
    static void start() {
        dataDir = workDir.resolve(".airlock");
        gateway = LocalGateway.start(dataDir);
        JsonNode sandbox = gateway.runtimeFile().path("targets").path(TARGET);
        assertThat(sandbox.path("emulatorEndpoint").isTextual())
                .as("moto_server must be installed for the aws-sandbox target:\n" + gateway.output()).isTrue();
        moto = URI.create(sandbox.path("emulatorEndpoint").asText());
        motoS3 = AwsClients.emulator(S3Client.builder().forcePathStyle(true), moto);
        motoEc2 = AwsClients.emulator(Ec2Client.builder(), moto);
        cli = AwsCli.profiles(workDir.resolve("aws"), gateway.url(), dataDir, TARGET, "us-east-1",
                "reporting-bot", "ops-bot");
    }

    @AfterAll
    static void stop() {
        Closing.quietly(motoS3, motoEc2, gateway);
    }

    @Test
    @Order(1)
    void airlockAws_listsTheReportsBucket_forReportingBot() {
        Cli.Result listing = Cli.run("aws", "--agent", "reporting-bot", "--target", TARGET, "--data-dir",
                dataDir.toString(), "--", "s3", "ls", "s3://" + REPORTS, "--recursive");

        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        assertThat(listing.stdout()).contains("2026/q3-summary.json").contains("2026/q3-customers.csv");
    }

    @Test
    @Order(2)
    void boto3_withOnlyTheProfile_listsTheBucket() {
        Cli.Result listing = cli.python("reporting-bot", """
                import boto3
                page = boto3.client("s3").list_objects_v2(Bucket="%s")
                print("\\n".join(o["Key"] for o in page["Contents"]))
                """.formatted(REPORTS));

        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        assertThat(listing.stdout()).contains("2026/q3-summary.json").contains("2026/q3-customers.csv");
    }

    @Test
    @Order(3)
    void sdkV2_withOnlyTheProfile_listsTheBucket() {
        ProfileFile profiles = ProfileFile.builder().content(cli.configFile()).type(ProfileFile.Type.CONFIGURATION)
                .build();
        try (S3Client s3 = S3Client.builder()
                .overrideConfiguration(o -> o.defaultProfileFile(profiles).defaultProfileName("reporting-bot"))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
                        .profileFile(profiles).profileName("reporting-bot").build())
                .build()) {
            List<String> keys = s3.listObjectsV2(b -> b.bucket(REPORTS)).contents().stream().map(S3Object::key)
                    .toList();

            assertThat(keys).contains("2026/q3-summary.json", "2026/q3-customers.csv");
        }
    }

    @Test
    @Order(4)
    void getObject_ofTheCustomersCsv_comesBackWithEveryEmailMasked() {
        String raw = motoS3.getObject(b -> b.bucket(REPORTS).key("2026/q3-customers.csv"),
                ResponseTransformer.toBytes()).asString(StandardCharsets.UTF_8);
        List<String> emails = emails(raw);
        assertThat(emails).as("the seeded CSV holds personal data").isNotEmpty();

        Cli.Result copy = cli.aws("reporting-bot", "s3", "cp", "s3://" + REPORTS + "/2026/q3-customers.csv", "-");

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(copy.stdout()).isNotBlank();
        emails.forEach(email -> assertThat(copy.stdout()).doesNotContain(email));
    }

    @Test
    @Order(4)
    void aSecretLeftInAReportObject_comesBackMasked() throws Exception {
        String raw = motoS3.getObject(b -> b.bucket(REPORTS).key("2026/export-settings.json"),
                ResponseTransformer.toBytes()).asString(StandardCharsets.UTF_8);
        String secret = Agents.json(raw).path("awsSecretAccessKey").asText();
        assertThat(secret).hasSize(40);

        Cli.Result copy = cli.aws("reporting-bot", "s3", "cp", "s3://" + REPORTS + "/2026/export-settings.json", "-");

        assertThat(copy.exitCode()).as(copy.stderr()).isZero();
        assertThat(copy.stdout()).contains("awsSecretAccessKey").doesNotContain(secret);
    }

    @Test
    @Order(5)
    void s3Rm_byReportingBot_isAccessDenied_andTheObjectStays() {
        Cli.Result rm = cli.aws("reporting-bot", "s3", "rm", "s3://" + REPORTS + "/2026/q3-summary.json");

        assertThat(rm.exitCode()).isNotZero();
        assertThat(rm.stderr()).contains("An error occurred (AccessDenied) when calling the DeleteObject operation: "
                + "Airlock:");
        assertThat(motoS3.headObject(b -> b.bucket(REPORTS).key("2026/q3-summary.json")).contentLength())
                .isPositive();
    }

    @Test
    @Order(6)
    void dynamoDbScan_ofDemoOrders_masksTheEmails() {
        Cli.Result scan = cli.aws("reporting-bot", "dynamodb", "scan", "--table-name", "demo-orders");

        assertThat(scan.exitCode()).as(scan.stderr()).isZero();
        assertThat(scan.stdout()).contains("orderId");
        assertThat(emails(scan.stdout())).as("every email masked").isEmpty();
    }

    @Test
    @Order(7)
    void secureString_isNeverRead_whileThePlainParameterIs() {
        Cli.Result region = cli.aws("reporting-bot", "ssm", "get-parameter", "--name", "/demo/region");
        Cli.Result password = cli.aws("ops-bot", "ssm", "get-parameter", "--name", "/demo/db-password",
                "--with-decryption");

        assertThat(region.exitCode()).as(region.stderr()).isZero();
        assertThat(region.stdout()).contains("us-east-1");
        assertThat(password.exitCode()).isNotZero();
        assertThat(password.stderr()).contains("AccessDenied").contains("Airlock:");
    }

    @Test
    @Order(8)
    void stopInstances_byOpsBot_isHeld_approved_runsOnce_andTheSecondRunIsHeldAgain() {
        String instance = demoWorker().instanceId();

        Cli.Result held = cli.aws("ops-bot", "ec2", "stop-instances", "--instance-ids", instance);
        assertThat(held.exitCode()).isNotZero();
        assertThat(held.stderr()).contains("AccessDenied").contains("held as request");
        assertThat(demoWorker().state().nameAsString()).isEqualTo("running");
        String id = requestId(held.stderr());

        Cli.Result approve = Cli.run("approvals", "approve", id, "--as", "alice", "--data-dir", dataDir.toString());
        assertThat(approve.exitCode()).as(approve.stderr()).isZero();

        Cli.Result ran = cli.aws("ops-bot", "ec2", "stop-instances", "--instance-ids", instance);
        assertThat(ran.exitCode()).as(ran.stderr()).isZero();
        assertThat(ran.stdout()).contains(instance);
        assertThat(demoWorker().state().nameAsString()).isIn("stopping", "stopped");

        Cli.Result again = cli.aws("ops-bot", "ec2", "stop-instances", "--instance-ids", instance);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("held as request").doesNotContain(id + " ");
    }

    @Test
    @Order(9)
    void aCallSignedForAnotherRegion_isRefused() {
        Cli.Result listing = cli.aws("reporting-bot", "s3api", "list-objects-v2", "--bucket", REPORTS, "--region",
                "eu-west-1");

        assertThat(listing.exitCode()).isNotZero();
        assertThat(listing.stderr()).contains("Airlock:").contains("us-east-1");
    }

    @Test
    @Order(10)
    void jsonApi_getObject_answersMaskedJson_andADenialIsAProblem() throws Exception {
        String token = Agents.token(dataDir, "reporting-bot");
        HttpResponse<String> object = Agents.aws(gateway.url(), token, """
                {"target":"aws-sandbox","service":"s3","operation":"GetObject",
                 "input":{"Bucket":"airlock-demo-reports","Key":"2026/q3-customers.csv"}}""");
        HttpResponse<String> denied = Agents.aws(gateway.url(), token, """
                {"target":"aws-sandbox","service":"s3","operation":"DeleteObject",
                 "input":{"Bucket":"airlock-demo-reports","Key":"2026/q3-summary.json"}}""");

        assertThat(object.statusCode()).as(object.body()).isEqualTo(200);
        JsonNode body = Agents.json(object);
        assertThat(body.path("output").path("Body").asText()).isNotBlank();
        assertThat(emails(body.path("output").path("Body").asText())).isEmpty();
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(Agents.json(denied).path("type").asText()).endsWith("/policy-denied");
    }

    @Test
    @Order(11)
    void deniedCalls_neverReachAws() {
        String worker = demoWorker().instanceId();
        MotoRecorder recorder = MotoRecorder.of(moto).start();
        try {
            cli.aws("reporting-bot", "s3", "rm", "s3://" + REPORTS + "/2026/q3-summary.json");
            cli.aws("reporting-bot", "s3", "ls", "s3://airlock-demo-private");
            cli.aws("ops-bot", "ssm", "get-parameter", "--name", "/demo/db-password", "--with-decryption");
            cli.aws("ops-bot", "ec2", "terminate-instances", "--instance-ids", worker);
        } finally {
            recorder.stop();
        }

        assertThat(recorder.requests()).as("neither STS nor the services heard of any of them").isEmpty();
    }

    @Test
    @Order(12)
    void eachCallsSessionPolicy_isExactlyItsActionOnItsArn_andIdenticalCallsShareOneAssumeRole() {
        MotoState state = MotoState.of(moto);
        int before = state.assumedRoles().size();

        for (int i = 0; i < 3; i++) {
            Cli.Result get = cli.aws("reporting-bot", "s3", "cp", "s3://" + REPORTS + "/2026/q3-summary.json", "-");
            assertThat(get.exitCode()).as(get.stderr()).isZero();
        }

        List<MotoState.AssumedRole> assumed = state.assumedRoles().subList(before, state.assumedRoles().size());
        assertThat(assumed).as("three identical downloads (HeadObject and GetObject, both s3:GetObject), one session").hasSize(1);
        assertThat(assumed.get(0).roleArn()).endsWith(":role/airlock-target");
        assertThat(assumed.get(0).sessionPolicyJson()).get().isEqualTo(Agents.json("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::airlock-demo-reports/2026/q3-summary.json"}]}"""));
    }

    @Test
    @Order(13)
    void aPutObjectThatCarriesACopySource_isReadAsTheCopyItIs_andThePrivateBucketStaysShut() {
        String token = Agents.token(dataDir, "ops-bot");
        URI put = gateway.url().resolve("/aws/" + REPORTS + "/incoming/payroll.csv");
        Map<String, String> headers = SignedAwsRequests.sign(token, TARGET, "us-east-1", "s3", "PUT", put,
                Map.of("x-amz-copy-source", "airlock-demo-private/payroll.csv"), new byte[0]);

        SignedAwsRequests.Answer answer = SignedAwsRequests.sendRaw(gateway.url(), "PUT",
                "/aws/" + REPORTS + "/incoming/payroll.csv", headers, new byte[0]);

        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains("<Code>AccessDenied</Code>");
        assertThat(motoS3.listObjectsV2(b -> b.bucket(REPORTS).prefix("incoming/")).contents()).isEmpty();
    }

    @Test
    @Order(14)
    void aSignatureScopeThatDisagreesWithTheRequest_isRefused() {
        String token = Agents.token(dataDir, "reporting-bot");
        URI listing = gateway.url().resolve("/aws/" + REPORTS + "?list-type=2");
        String pathAndQuery = "/aws/" + REPORTS + "?list-type=2";

        SignedAwsRequests.Answer asDynamoDb = SignedAwsRequests.sendRaw(gateway.url(), "GET", pathAndQuery,
                SignedAwsRequests.sign(token, TARGET, "us-east-1", "dynamodb", "GET", listing), new byte[0]);
        Map<String, String> virtualHost = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        URI hosted = URI.create("http://airlock-demo-private.s3.localhost:" + gateway.url().getPort()
                + "/aws/" + REPORTS + "?list-type=2");
        virtualHost.putAll(SignedAwsRequests.sign(token, TARGET, "us-east-1", "s3", "GET", hosted));
        SignedAwsRequests.Answer bucketInHost = SignedAwsRequests.sendRaw(gateway.url(), "GET", pathAndQuery,
                virtualHost, new byte[0]);
        Map<String, String> tampered = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        tampered.putAll(SignedAwsRequests.sign(token, TARGET, "us-east-1", "s3", "GET", listing));
        SignedAwsRequests.Answer otherBucket = SignedAwsRequests.sendRaw(gateway.url(), "GET",
                "/aws/airlock-demo-private?list-type=2", tampered, new byte[0]);

        assertThat(asDynamoDb.status()).as(asDynamoDb.body()).isBetween(400, 403);
        assertThat(bucketInHost.status()).as(bucketInHost.body()).isBetween(400, 403);
        assertThat(otherBucket.status()).as(otherBucket.body()).isEqualTo(403);
        assertThat(otherBucket.body()).contains("SignatureDoesNotMatch");
    }

    @Test
    @Order(15)
    void aBatchWithOneForbiddenMember_isDeniedAsAWhole() {
        MotoRecorder recorder = MotoRecorder.of(moto).start();
        Cli.Result batch;
        try {
            batch = cli.aws("ops-bot", "s3api", "delete-objects", "--bucket", "airlock-demo-private", "--delete",
                    "{\"Objects\":[{\"Key\":\"payroll.csv\"}]}");
        } finally {
            recorder.stop();
        }
        Cli.Result reports = cli.aws("reporting-bot", "dynamodb", "batch-get-item", "--request-items",
                "{\"demo-orders\":{\"Keys\":[{\"orderId\":{\"S\":\"1001\"}}]},"
                        + "\"airlock-other\":{\"Keys\":[{\"id\":{\"S\":\"1\"}}]}}");

        assertThat(batch.exitCode()).isNotZero();
        assertThat(batch.stderr()).contains("AccessDenied");
        assertThat(recorder.requests()).isEmpty();
        assertThat(reports.exitCode()).isNotZero();
        assertThat(reports.stderr()).contains("AccessDenied");
    }

    @Test
    @Order(16)
    void sendCommand_runsAReadOnlyScript_andHoldsOneThatWrites() {
        String worker = demoWorker().instanceId();

        Cli.Result diskFree = cli.aws("ops-bot", "ssm", "send-command", "--document-name", "AWS-RunShellScript",
                "--instance-ids", worker, "--parameters", "commands=[\"df -h\",\"uptime | tail -1\"]");
        Cli.Result cleanUp = cli.aws("ops-bot", "ssm", "send-command", "--document-name", "AWS-RunShellScript",
                "--instance-ids", worker, "--parameters", "commands=[\"df -h; rm -rf /var/log/app\"]");

        assertThat(diskFree.exitCode()).as(diskFree.stderr()).isZero();
        assertThat(diskFree.stdout()).contains("CommandId");
        assertThat(cleanUp.exitCode()).isNotZero();
        assertThat(cleanUp.stderr()).contains("held as request");
    }

    @Test
    @Order(17)
    void aPartiqlDelete_isADelete_whateverOperationCarriesIt() {
        Cli.Result select = cli.aws("reporting-bot", "dynamodb", "execute-statement", "--statement",
                "SELECT orderId FROM \"demo-orders\"");
        Cli.Result delete = cli.aws("reporting-bot", "dynamodb", "execute-statement", "--statement",
                "DELETE FROM \"demo-orders\" WHERE orderId = '1001'");

        assertThat(select.exitCode()).as(select.stderr()).isZero();
        assertThat(select.stdout()).contains("1001");
        assertThat(delete.exitCode()).isNotZero();
        assertThat(delete.stderr()).contains("AccessDenied");
    }

    private static Instance demoWorker() {
        return motoEc2.describeInstances(b -> b.filters(f -> f.name("tag:Name").values("demo-worker")))
                .reservations().stream().flatMap(r -> r.instances().stream()).findFirst().orElseThrow();
    }

    private static List<String> emails(String text) {
        Matcher matcher = EMAIL.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static String requestId(String message) {
        Matcher id = Pattern.compile("held as request (\\S+)").matcher(message);
        assertThat(id.find()).as(message).isTrue();
        return id.group(1);
    }
}
