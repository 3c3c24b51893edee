package dev.airlock.local;

import dev.airlock.aws.support.AwsClients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the demo finds in the AWS sandbox. S3, DynamoDB, SQS and IAM are seeded through the SDK;
 * SSM, EC2 and CloudWatch Logs through plain HTTP calls to moto (their SDK modules are not among
 * Airlock's dependencies), which moto accepts unsigned, routed by the Authorization header's scope.
 */
final class AwsSandboxSeed {
    static final String REPORTS_BUCKET = "airlock-demo-reports";
    static final String PRIVATE_BUCKET = "airlock-demo-private";
    static final String ORDERS_TABLE = "demo-orders";
    static final String JOBS_QUEUE = "demo-jobs";
    static final String LOG_GROUP = "/demo/app";
    /** moto draws ids from one random generator: seeded just before RunInstances, demo-worker's id is stable. */
    private static final int INSTANCE_ID_SEED = 42;
    private static final Pattern IMAGE_ID = Pattern.compile("<imageId>(ami-[0-9a-f]+)</imageId>");
    private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>(i-[0-9a-f]+)</instanceId>");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI endpoint;

    AwsSandboxSeed(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Seeds everything; returns demo-worker's instance id. */
    String seed() {
        role();
        buckets();
        orders();
        queue();
        parameters();
        logs();
        return instance();
    }

    private void role() {
        String trust = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::%s:root"}, "Action": "sts:AssumeRole"}]}"""
                .formatted(AwsSandbox.ACCOUNT);
        try (IamClient iam = AwsClients.emulator(IamClient.builder(), endpoint)) {
            iam.createRole(r -> r.roleName("airlock-target").assumeRolePolicyDocument(trust)
                    .description("The role Airlock assumes in the sandbox, narrowed per call by a session policy"));
            // What the role may do at most; each session policy narrows it to one call.
            iam.putRolePolicy(r -> r.roleName("airlock-target").policyName("sandbox-demo").policyDocument("""
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
                      "s3:*", "dynamodb:*", "sqs:*", "ec2:*", "ssm:*", "logs:*"], "Resource": "*"}]}"""));
        }
    }

    /** 40 characters of base64 mixing cases and digits: what an AWS secret key looks like. */
    private static String exportSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder secret = new StringBuilder("Ab1");
        while (secret.length() < 40) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }

    private void buckets() {
        try (S3Client s3 = AwsClients.emulator(S3Client.builder().forcePathStyle(true), endpoint)) {
            s3.createBucket(b -> b.bucket(REPORTS_BUCKET));
            s3.createBucket(b -> b.bucket(PRIVATE_BUCKET));
            s3.putObject(p -> p.bucket(REPORTS_BUCKET).key("2026/q3-summary.json").contentType("application/json"),
                    RequestBody.fromString("""
                            {"quarter": "2026-Q3", "orders": 1284, "revenue": 412930.50, "currency": "EUR",
                             "newCustomers": 212, "returningCustomers": 431, "topRegion": "EMEA"}
                            """));
            // A secret left in a report by mistake: new at every start, so a leak of it can only come from an answer.
            s3.putObject(p -> p.bucket(REPORTS_BUCKET).key("2026/export-settings.json").contentType("application/json"),
                    RequestBody.fromString("""
                            {"exporter": "nightly-report", "bucket": "airlock-demo-reports",
                             "awsAccessKeyId": "AKIAIOSFODNN7EXAMPLE", "awsSecretAccessKey": "%s"}
                            """.formatted(exportSecret())));
            s3.putObject(p -> p.bucket(REPORTS_BUCKET).key("2026/q3-customers.csv").contentType("text/csv"),
                    RequestBody.fromString("""
                            name,email,phone,orders,spent
                            Ada Lovelace,ada.lovelace@example.com,+44 20 7946 0958,12,1840.20
                            Grace Hopper,grace.hopper@example.org,+1 202 555 0143,7,990.00
                            Alan Turing,alan.turing@example.net,+44 161 496 0732,3,120.75
                            """));
            s3.putObject(p -> p.bucket(PRIVATE_BUCKET).key("payroll.csv").contentType("text/csv"),
                    RequestBody.fromString("""
                            employee,email,iban,salary
                            Joan Clarke,joan.clarke@example.com,GB33BUKB20201555555555,84000
                            Tommy Flowers,tommy.flowers@example.com,GB94BARC10201530093459,79000
                            """));
        }
    }

    private void orders() {
        try (DynamoDbClient dynamo = AwsClients.emulator(DynamoDbClient.builder(), endpoint)) {
            dynamo.createTable(t -> t.tableName(ORDERS_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("orderId")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("orderId").keyType(KeyType.HASH).build()));
            List<List<String>> orders = List.of(
                    List.of("1001", "Ada Lovelace", "ada.lovelace@example.com", "129.90", "shipped"),
                    List.of("1002", "Grace Hopper", "grace.hopper@example.org", "42.00", "paid"),
                    List.of("1003", "Alan Turing", "alan.turing@example.net", "310.25", "pending"),
                    List.of("1004", "Ada Lovelace", "ada.lovelace@example.com", "18.50", "refunded"));
            for (List<String> order : orders) {
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                item.put("orderId", AttributeValue.fromS(order.get(0)));
                item.put("customer", AttributeValue.fromS(order.get(1)));
                item.put("email", AttributeValue.fromS(order.get(2)));
                item.put("total", AttributeValue.fromN(order.get(3)));
                item.put("status", AttributeValue.fromS(order.get(4)));
                dynamo.putItem(p -> p.tableName(ORDERS_TABLE).item(item));
            }
        }
    }

    private void queue() {
        try (SqsClient sqs = AwsClients.emulator(SqsClient.builder(), endpoint)) {
            String url = sqs.createQueue(q -> q.queueName(JOBS_QUEUE)).queueUrl();
            sqs.sendMessage(m -> m.queueUrl(url).messageBody("{\"job\": \"rebuild-report\", \"quarter\": \"2026-Q3\"}"));
        }
    }

    private void parameters() {
        json("ssm", "AmazonSSM.PutParameter", """
                {"Name": "/demo/region", "Value": "us-east-1", "Type": "String"}""");
        json("ssm", "AmazonSSM.PutParameter", """
                {"Name": "/demo/db-password", "Value": "demo-Pa55word-not-for-agents", "Type": "SecureString"}""");
    }

    private void logs() {
        json("logs", "Logs_20140328.CreateLogGroup", "{\"logGroupName\": \"" + LOG_GROUP + "\"}");
        json("logs", "Logs_20140328.CreateLogStream", "{\"logGroupName\": \"" + LOG_GROUP
                + "\", \"logStreamName\": \"web-1\"}");
        long now = Instant.now().toEpochMilli();
        List<String> messages = List.of(
                "order 1001 shipped to ada.lovelace@example.com",
                "password reset requested for grace.hopper@example.org",
                "payment for order 1003 declined; customer alan.turing@example.net notified",
                "health check ok");
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            events.append(i == 0 ? "" : ", ").append("{\"timestamp\": ").append(now - (messages.size() - i) * 1000L)
                    .append(", \"message\": \"").append(messages.get(i)).append("\"}");
        }
        json("logs", "Logs_20140328.PutLogEvents", "{\"logGroupName\": \"" + LOG_GROUP
                + "\", \"logStreamName\": \"web-1\", \"logEvents\": [" + events + "]}");
    }

    private String instance() {
        Matcher image = IMAGE_ID.matcher(query("ec2", Map.of("Action", "DescribeImages", "Version", "2016-11-15",
                "Owner.1", "amazon")));
        if (!image.find()) {
            throw new IllegalStateException("moto lists no Amazon machine image to start demo-worker from");
        }
        send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/seed?a=" + INSTANCE_ID_SEED))
                .POST(HttpRequest.BodyPublishers.noBody()), "seeding moto's ids");
        Map<String, String> run = new LinkedHashMap<>();
        run.put("Action", "RunInstances");
        run.put("Version", "2016-11-15");
        run.put("ImageId", image.group(1));
        run.put("InstanceType", "t3.micro");
        run.put("MinCount", "1");
        run.put("MaxCount", "1");
        run.put("TagSpecification.1.ResourceType", "instance");
        run.put("TagSpecification.1.Tag.1.Key", "Name");
        run.put("TagSpecification.1.Tag.1.Value", "demo-worker");
        Matcher instance = INSTANCE_ID.matcher(query("ec2", run));
        if (!instance.find()) {
            throw new IllegalStateException("moto started no demo-worker instance");
        }
        return instance.group(1);
    }

    /** A JSON-protocol call (SSM, CloudWatch Logs). */
    private String json(String service, String target, String body) {
        return send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Authorization", authorization(service))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)), target);
    }

    /** A query-protocol call (EC2). */
    private String query(String service, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Authorization", authorization(service))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), service + " " + form.get("Action"));
    }

    /** moto checks no signature; it reads the service and region from the credential scope. */
    private static String authorization(String service) {
        return "AWS4-HMAC-SHA256 Credential=local/20260101/" + AwsSandbox.REGION + "/" + service
                + "/aws4_request, SignedHeaders=host, Signature=0";
    }

    private static String send(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto refused " + what + " while seeding: HTTP "
                        + response.statusCode() + " " + abbreviate(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("moto did not answer " + what + " while seeding: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding moto", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
