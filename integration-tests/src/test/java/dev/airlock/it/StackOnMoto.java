package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthesized CloudFormation template stood up on moto_server, as far as its functions'
 * environments reach: each resource a variable refers to is created on moto from the template's
 * own properties (a table with the template's keys and indexes, a key with its spec), so a
 * function started with the resolved environment meets the resources the stack would give it.
 * A reference to a kind of resource this class cannot stand up fails the test by name.
 */
final class StackOnMoto implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9_.:]+)}");

    private final java.nio.file.Path repoRoot;
    private final JsonNode resources;
    private final JsonNode parameters;
    private final Map<String, String> parameterValues;
    private final Map<String, Map<String, String>> created = new HashMap<>();
    private final DynamoDbClient dynamo;
    private final KmsClient kms;
    private final SqsClient sqs;
    private final SfnClient sfn;
    private final SesV2Client ses;

    StackOnMoto(JsonNode template, java.nio.file.Path repoRoot, URI moto, Map<String, String> parameterValues) {
        this.repoRoot = repoRoot;
        this.resources = template.path("Resources");
        this.parameters = template.path("Parameters");
        this.parameterValues = Map.copyOf(parameterValues);
        this.dynamo = client(DynamoDbClient.builder(), moto);
        this.kms = client(KmsClient.builder(), moto);
        this.sqs = client(SqsClient.builder(), moto);
        this.sfn = client(SfnClient.builder(), moto);
        this.ses = client(SesV2Client.builder(), moto);
    }

    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .build();
    }

    /** Logical ids of the template's resources of one CloudFormation type. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(id -> {
            if (resources.path(id).path("Type").asText().equals(type)) {
                ids.add(id);
            }
        });
        return ids;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = resources.path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("The template has no resource " + logicalId);
        }
        return resource;
    }

    /** A function's environment variables, every reference replaced by the resource created on moto. */
    Map<String, String> environmentOf(String functionLogicalId) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode variables = resource(functionLogicalId).path("Properties").path("Environment").path("Variables");
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> variable = it.next();
            env.put(variable.getKey(), resolve(variable.getValue(), variable.getKey()));
        }
        return env;
    }

    /** The value CloudFormation would give an expression, with what it names created on moto. */
    String resolve(JsonNode value, String where) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return ref(value.path("Ref").asText(), where);
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode args = value.path("Fn::GetAtt");
            return attribute(args.get(0).asText(), args.get(1).asText(), where);
        }
        if (value.has("Fn::Join")) {
            JsonNode args = value.path("Fn::Join");
            List<String> parts = new ArrayList<>();
            args.get(1).forEach(part -> parts.add(resolve(part, where)));
            return String.join(args.get(0).asText(), parts);
        }
        if (value.has("Fn::Select")) {
            JsonNode args = value.path("Fn::Select");
            JsonNode list = args.get(1);
            if (list.has("Fn::Split")) {
                String[] split = resolve(list.path("Fn::Split").get(1), where)
                        .split(Pattern.quote(list.path("Fn::Split").get(0).asText()), -1);
                return split[args.get(0).asInt()];
            }
            return resolve(list.get(args.get(0).asInt()), where);
        }
        throw new AssertionError("The wiring test cannot resolve " + value + " (in " + where + ")");
    }

    private String ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return "Airlock";
            default:
                break;
        }
        if (parameters.has(name)) {
            String given = parameterValues.get(name);
            if (given != null) {
                return given;
            }
            JsonNode fallback = parameters.path(name).path("Default");
            if (fallback.isMissingNode()) {
                throw new AssertionError("Parameter " + name + " (in " + where + ") has no default: give it a value");
            }
            return fallback.asText();
        }
        return stoodUp(name, where).get("Ref");
    }

    private String attribute(String logicalId, String attribute, String where) {
        String value = stoodUp(logicalId, where).get(attribute);
        if (value == null) {
            throw new AssertionError("The wiring test does not know attribute " + attribute + " of " + logicalId
                    + " (" + resource(logicalId).path("Type").asText() + ", in " + where + ")");
        }
        return value;
    }

    private Map<String, String> stoodUp(String logicalId, String where) {
        Map<String, String> known = created.get(logicalId);
        if (known != null) {
            return known;
        }
        JsonNode resource = resource(logicalId);
        JsonNode properties = resource.path("Properties");
        String type = resource.path("Type").asText();
        Map<String, String> values = switch (type) {
            case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> table(logicalId, properties);
            case "AWS::KMS::Key" -> key(properties);
            case "AWS::KMS::Alias" -> alias(properties, logicalId);
            case "AWS::SQS::Queue" -> queue(logicalId, properties);
            case "AWS::StepFunctions::StateMachine" -> stateMachine(logicalId, properties);
            case "AWS::ApiGatewayV2::Api" -> Map.of("Ref", "wiringapi1", "ApiEndpoint",
                    "https://wiringapi1.execute-api." + REGION + ".amazonaws.com");
            case "AWS::IAM::Role" -> Map.of("Ref", logicalId,
                    "Arn", "arn:aws:iam::" + ACCOUNT + ":role/" + logicalId);
            case "AWS::SES::EmailIdentity" -> {
                String identity = resolve(properties.path("EmailIdentity"), logicalId);
                ses.createEmailIdentity(b -> b.emailIdentity(identity));
                yield Map.of("Ref", identity);
            }
            default -> throw new AssertionError("The wiring test cannot stand up " + type + " " + logicalId
                    + " (referred to by " + where + "): teach StackOnMoto this resource type");
        };
        created.put(logicalId, values);
        return values;
    }

    private Map<String, String> table(String logicalId, JsonNode properties) {
        String name = properties.has("TableName") ? resolve(properties.path("TableName"), logicalId)
                : "Airlock-" + logicalId;
        List<KeySchemaElement> keys = keySchema(properties.path("KeySchema"));
        List<AttributeDefinition> attributes = new ArrayList<>();
        properties.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.path("AttributeName").asText()).attributeType(a.path("AttributeType").asText()).build()));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        properties.path("GlobalSecondaryIndexes").forEach(i -> indexes.add(GlobalSecondaryIndex.builder()
                .indexName(i.path("IndexName").asText()).keySchema(keySchema(i.path("KeySchema")))
                .projection(Projection.builder().projectionType(i.path("Projection").path("ProjectionType")
                        .asText("ALL")).build()).build()));
        dynamo.createTable(b -> {
            b.tableName(name).keySchema(keys).attributeDefinitions(attributes).billingMode(BillingMode.PAY_PER_REQUEST);
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
        String arn = dynamo.describeTable(b -> b.tableName(name)).table().tableArn();
        return Map.of("Ref", name, "Arn", arn);
    }

    private static List<KeySchemaElement> keySchema(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(k -> keys.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText()).build()));
        return keys;
    }

    private Map<String, String> key(JsonNode properties) {
        String spec = properties.path("KeySpec").asText("SYMMETRIC_DEFAULT");
        String usage = properties.path("KeyUsage").asText("ENCRYPT_DECRYPT");
        KeyMetadata key = kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata();
        return Map.of("Ref", key.keyId(), "Arn", key.arn(), "KeyId", key.keyId());
    }

    private Map<String, String> alias(JsonNode properties, String logicalId) {
        String name = resolve(properties.path("AliasName"), logicalId);
        String target = resolve(properties.path("TargetKeyId"), logicalId);
        kms.createAlias(b -> b.aliasName(name).targetKeyId(target));
        return Map.of("Ref", name);
    }

    private Map<String, String> queue(String logicalId, JsonNode properties) {
        String name = properties.has("QueueName") ? resolve(properties.path("QueueName"), logicalId)
                : "Airlock-" + logicalId;
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return Map.of("Ref", url, "Arn", arn, "QueueName", name, "QueueUrl", url);
    }

    private Map<String, String> stateMachine(String logicalId, JsonNode properties) {
        // DefinitionBody.fromFile uploads the file as an asset (DefinitionS3Location): read the file the stack loads.
        String definition = properties.has("DefinitionString")
                ? resolve(properties.path("DefinitionString"), logicalId) : approvalWorkflowFile();
        JsonNode substitutions = properties.path("DefinitionSubstitutions");
        Matcher placeholder = SUBSTITUTION.matcher(definition);
        StringBuilder substituted = new StringBuilder();
        while (placeholder.find()) {
            JsonNode value = substitutions.path(placeholder.group(1));
            if (value.isMissingNode()) {
                throw new AssertionError("The approval workflow's placeholder ${" + placeholder.group(1)
                        + "} has no substitution in the stack");
            }
            placeholder.appendReplacement(substituted, Matcher.quoteReplacement(resolve(value, logicalId)));
        }
        placeholder.appendTail(substituted);
        String name = properties.has("StateMachineName") ? resolve(properties.path("StateMachineName"), logicalId)
                : "Airlock-" + logicalId;
        String arn = sfn.createStateMachine(b -> b.name(name).definition(substituted.toString())
                .roleArn("arn:aws:iam::" + ACCOUNT + ":role/" + logicalId + "Role")).stateMachineArn();
        return Map.of("Ref", arn, "Arn", arn, "Name", name, "Definition", substituted.toString());
    }

    private String approvalWorkflowFile() {
        try {
            return java.nio.file.Files.readString(repoRoot.resolve("infra/approval-workflow.asl.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Closing.quietly(dynamo, kms, sqs, sfn, ses);
    }
}
