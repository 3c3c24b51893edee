package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.model.RiskClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsCatalogTest {
    private final AwsCatalog catalog = TestCatalog.get();

    @Test
    void load_whenEveryListedFileIsPresent_readsEveryService() {
        assertThat(AwsCatalog.load().services()).extracting(CatalogService::service)
                .contains("dynamodb", "sqs", "ec2", "ssm", "logs", "sts", "s3");
    }

    @Test
    void load_readsTheServicesAndTheirOperations() {
        assertThat(catalog.services()).extracting(CatalogService::service)
                .contains("dynamodb", "sqs", "ec2", "ssm", "logs", "sts");
        CatalogOperation getItem = catalog.operation("dynamodb", "GetItem").orElseThrow();
        assertThat(getItem.risk()).isEqualTo(RiskClass.READ);
        assertThat(getItem.input()).containsKeys("TableName", "Key", "ConsistentRead", "ProjectionExpression");
        assertThat(getItem.input().get("TableName").required()).isTrue();
        assertThat(getItem.resources()).singleElement().satisfies(r -> {
            assertThat(r.arn()).isEqualTo("arn:{partition}:dynamodb:{region}:{account}:table/{TableName}");
            assertThat(r.actions()).containsExactly("dynamodb:GetItem");
        });
        assertThat(catalog.operation("dynamodb", "DeleteItem").orElseThrow().risk()).isEqualTo(RiskClass.DESTRUCTIVE);
        assertThat(catalog.operation("sqs", "PurgeQueue").orElseThrow().risk()).isEqualTo(RiskClass.DESTRUCTIVE);
        assertThat(catalog.operation("ec2", "TerminateInstances").orElseThrow().risk())
                .isEqualTo(RiskClass.DESTRUCTIVE);
        assertThat(catalog.operation("dynamodb", "ExecuteStatement").orElseThrow().classifier()).contains("partiql");
        assertThat(catalog.operation("ssm", "GetParameter").orElseThrow().maskPaths()).containsExactly("Parameter.Value");
        assertThat(catalog.operation("dynamodb", "CreateTable")).isEmpty();
    }

    @Test
    void ec2_declaresTheWireNamesOfItsFlattenedLists() {
        CatalogOperation describe = catalog.operation("ec2", "DescribeInstances").orElseThrow();
        assertThat(describe.resourceScoped()).isFalse();
        assertThat(describe.actions()).containsExactly("ec2:DescribeInstances");
        assertThat(describe.input().get("InstanceIds").wireName()).isEqualTo("InstanceId");
        InputMember filters = describe.input().get("Filters");
        assertThat(filters.wireName()).isEqualTo("Filter");
        assertThat(filters.members().get("Values").wireName()).isEqualTo("Value");
        assertThat(catalog.service("ec2").orElseThrow().apiVersion()).isEqualTo("2016-11-15");
    }

    @Test
    void bySigningName_findsTheService() {
        assertThat(catalog.bySigningName("logs")).map(CatalogService::service).contains("logs");
        assertThat(catalog.bySigningName("dynamodb")).map(CatalogService::jsonTargetPrefix)
                .contains("DynamoDB_20120810");
        assertThat(catalog.bySigningName("nope")).isEmpty();
    }

    @Test
    void neverProxied_namesSecretsCredentialsAndIamWrites() {
        assertThat(catalog.neverProxied("secretsmanager", "GetSecretValue")).hasValueSatisfying(
                r -> assertThat(r).contains("Secrets Manager"));
        assertThat(catalog.neverProxied("kms", "Decrypt")).isPresent();
        assertThat(catalog.neverProxied("kms", "GenerateDataKeyWithoutPlaintext")).isPresent();
        assertThat(catalog.neverProxied("kms", "ReEncrypt")).isPresent();
        assertThat(catalog.neverProxied("iam", "AttachRolePolicy")).isPresent();
        assertThat(catalog.neverProxied("iam", "PutUserPolicy")).isPresent();
        assertThat(catalog.neverProxied("iam", "CreateAccessKey")).isPresent();
        assertThat(catalog.neverProxied("sts", "AssumeRoleWithWebIdentity")).isPresent();
        assertThat(catalog.neverProxied("sts", "GetSessionToken")).isPresent();
        assertThat(catalog.neverProxied("iam", "GetRole")).isEmpty();
        assertThat(catalog.neverProxied("sts", "GetCallerIdentity")).isEmpty();
        assertThat(catalog.neverProxied("kms", "Encrypt")).isEmpty();
    }

    @Test
    void howToAdd_pointsToTheDocs() {
        assertThat(catalog.howToAdd("dynamodb", "CreateTable")).contains("dynamodb:CreateTable")
                .contains("catalog/dynamodb.json").contains("docs/aws.md").contains("Adding an operation")
                .doesNotContain("\n");
    }

    @Test
    void load_whenAFileNamesAWildcardAction_failsNamingFileAndOperation() {
        assertThatThrownBy(() -> AwsCatalog.load("broken-catalog"))
                .hasMessageContaining("broken-catalog/dynamodb.json")
                .hasMessageContaining("operation GetItem")
                .hasMessageContaining("dynamodb:*")
                .hasMessageContaining("not concrete");
    }

    @Test
    void load_whenAListedFileIsMissing_failsNamingIt() {
        assertThatThrownBy(() -> AwsCatalog.load("broken-catalog", java.util.List.of("nosuch")))
                .hasMessageContaining("broken-catalog/nosuch.json").hasMessageContaining("missing");
    }

    @Test
    void read_whenTheProtocolIsUnknown_fails() {
        ObjectNode file = valid();
        file.put("protocol", "json-2.0");
        assertFails(file, "Unknown wire protocol 'json-2.0'");
    }

    @Test
    void read_whenATemplateNamesAMissingMember_fails() {
        ObjectNode file = valid();
        resource(file).put("arn", "arn:{partition}:dynamodb:{region}:{account}:table/{Table}");
        assertFails(file, "operation GetItem", "input member 'Table'", "does not have");
    }

    @Test
    void read_whenATemplateNamesAnUnknownFilter_fails() {
        ObjectNode file = valid();
        resource(file).put("arn", "arn:{partition}:dynamodb:{region}:{account}:table/{TableName|upper}");
        assertFails(file, "unknown filter 'upper'");
    }

    @Test
    void read_whenUnscopedWithoutActions_fails() {
        ObjectNode file = valid();
        ObjectNode op = (ObjectNode) file.get("operations").get("GetItem");
        op.put("resourceScoped", false);
        op.putArray("resources");
        assertFails(file, "operation GetItem", "resourceScoped false but no actions");
    }

    @Test
    void read_whenAFieldIsMisspelt_fails() {
        ObjectNode file = valid();
        ((ObjectNode) file.get("operations").get("GetItem")).putArray("resource");
        assertFails(file, "unknown field 'resource'");
    }

    @Test
    void read_whenTheRiskIsUnknown_fails() {
        ObjectNode file = valid();
        ((ObjectNode) file.get("operations").get("GetItem")).put("risk", "harmless");
        assertFails(file, "risk 'harmless'");
    }

    @Test
    void read_whenAMemberTypeIsUnknown_fails() {
        ObjectNode file = valid();
        ((ObjectNode) file.get("operations").get("GetItem").get("input").get("Key")).put("type", "blobby");
        assertFails(file, "member Key", "unknown type 'blobby'");
    }

    @Test
    void read_whenAKeyIsDuplicated_fails() {
        assertThatThrownBy(() -> CatalogReader.JSON.readTree("{\"a\":1,\"a\":2}"))
                .hasMessageContaining("Duplicate field 'a'");
    }

    private static ObjectNode resource(ObjectNode file) {
        return (ObjectNode) file.get("operations").get("GetItem").get("resources").get(0);
    }

    private static void assertFails(JsonNode file, String... fragments) {
        assertThatThrownBy(() -> CatalogReader.read("catalog/dynamodb.json", "dynamodb", file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("catalog/dynamodb.json")
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    private static ObjectNode valid() {
        try {
            ObjectNode file = (ObjectNode) CatalogReader.JSON.readTree(
                    AwsCatalogTest.class.getClassLoader().getResourceAsStream("broken-catalog/dynamodb.json"));
            ((ObjectNode) file.get("operations").get("GetItem").get("resources").get(0)).putArray("actions")
                    .add("dynamodb:GetItem");
            CatalogReader.read("catalog/dynamodb.json", "dynamodb", file);
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
