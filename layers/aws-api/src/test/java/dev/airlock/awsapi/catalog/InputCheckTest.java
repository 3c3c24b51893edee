package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InputCheckTest {
    private final AwsCatalog catalog = TestCatalog.get();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void check_whenTheInputFits_acceptsIt() {
        assertThat(check("dynamodb", "Query", "{\"TableName\":\"t\",\"Limit\":5,\"ConsistentRead\":true,"
                + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}}}")).isEmpty();
    }

    @Test
    void check_whenAMemberIsUnknown_namesIt() {
        assertThat(check("dynamodb", "DescribeTable", "{\"TableName\":\"t\",\"Force\":true}"))
                .hasValueSatisfying(r -> assertThat(r).contains("Unknown member 'Force'")
                        .contains("dynamodb:DescribeTable").contains("the catalog does not know it"));
    }

    @Test
    void check_whenAMemberNameIsNotPrintable_doesNotEchoIt() {
        assertThat(check("dynamodb", "DescribeTable", "{\"TableName\":\"t\",\"x\\nFAKE LOG LINE\":1}"))
                .hasValueSatisfying(r -> assertThat(r).doesNotContain("FAKE").contains("not printable"));
    }

    @Test
    void check_whenATypeIsWrong_saysWhichAndWhat() {
        assertThat(check("dynamodb", "Query", "{\"TableName\":\"t\",\"Limit\":\"5\"}"))
                .hasValueSatisfying(r -> assertThat(r).contains("Limit").contains("an integer"));
        assertThat(check("dynamodb", "Query", "{\"TableName\":\"t\",\"ConsistentRead\":\"yes\"}"))
                .hasValueSatisfying(r -> assertThat(r).contains("true or false"));
        assertThat(check("ec2", "StopInstances", "{\"InstanceIds\":\"i-1\"}"))
                .hasValueSatisfying(r -> assertThat(r).contains("a list"));
        assertThat(check("dynamodb", "GetItem", "{\"TableName\":null,\"Key\":{}}"))
                .hasValueSatisfying(r -> assertThat(r).contains("TableName"));
    }

    @Test
    void check_whenARequiredMemberIsMissing_namesIt() {
        assertThat(check("sqs", "SendMessage", "{\"QueueUrl\":\"u\"}"))
                .hasValueSatisfying(r -> assertThat(r).contains("needs member MessageBody"));
    }

    @Test
    void check_whenANestedMemberIsUnknown_namesItsPath() {
        assertThat(check("ec2", "DescribeInstances", "{\"Filters\":[{\"Name\":\"a\",\"Values\":[\"b\"],\"Op\":\"c\"}]}"))
                .hasValueSatisfying(r -> assertThat(r).contains("'Filters[0].Op'"));
        assertThat(check("ec2", "DescribeInstances", "{\"Filters\":[\"x\"]}"))
                .hasValueSatisfying(r -> assertThat(r).contains("list of structures"));
    }

    private Optional<String> check(String service, String operation, String input) {
        try {
            return InputCheck.check(catalog.operation(service, operation).orElseThrow(),
                    (ObjectNode) json.readTree(input));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
