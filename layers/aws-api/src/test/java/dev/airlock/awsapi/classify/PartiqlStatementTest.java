package dev.airlock.awsapi.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.awsapi.classify.PartiqlClassification.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class PartiqlStatementTest {

    /** The cases live in {@code classify/partiql-cases.json}: statement, kind, table, index, hasWhere. */
    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = PartiqlStatementTest.class.getResourceAsStream("/classify/partiql-cases.json")) {
            JsonNode cases = new ObjectMapper().readTree(in);
            return StreamSupport.stream(cases.spliterator(), false).map(c -> Arguments.of(c.get("statement").asText(), c));
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void classify_givesTheKindInTheTable(String statement, JsonNode expected) {
        PartiqlClassification result = PartiqlStatement.classify(statement);

        assertThat(result.kind().name()).as("%s: %s", statement, result.reason())
                .isEqualTo(expected.get("kind").asText());
        if (result.kind() != Kind.UNKNOWN) {
            assertThat(result.table()).contains(expected.get("table").asText());
            assertThat(result.index()).isEqualTo(Optional.ofNullable(expected.get("index")).map(JsonNode::asText));
            assertThat(result.hasWhere()).isEqualTo(expected.get("hasWhere").asBoolean());
        } else {
            assertThat(result.table()).isEmpty();
        }
    }

    @Test
    void kinds_carryTheirIamActions() {
        assertThat(Kind.SELECT.iamAction()).contains("dynamodb:PartiQLSelect");
        assertThat(Kind.INSERT.iamAction()).contains("dynamodb:PartiQLInsert");
        assertThat(Kind.UPDATE.iamAction()).contains("dynamodb:PartiQLUpdate");
        assertThat(Kind.DELETE.iamAction()).contains("dynamodb:PartiQLDelete");
        assertThat(Kind.UNKNOWN.iamAction()).isEmpty();
    }

    @Test
    void classify_whenTwoStatements_reasonSaysSo() {
        PartiqlClassification result = PartiqlStatement.classify("SELECT * FROM \"a1a\"; DELETE FROM \"a1a\"");

        assertThat(result.reason()).contains("more than one statement");
    }

    @Test
    void classify_whenBracketsNestDeep_refusesWithoutOverflow() {
        String statement = "SELECT * FROM \"aaa\" WHERE " + "(".repeat(5000) + "a" + ")".repeat(5000);

        assertThat(PartiqlStatement.classify(statement).kind()).isEqualTo(Kind.UNKNOWN);
    }
}
