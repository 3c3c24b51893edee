package dev.airlock.sql.engine;

import dev.airlock.core.engine.Decoding;
import dev.airlock.core.model.SqlRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SqlRequestDecoderTest {

    private static Decoding decode(String body) {
        return SqlEngineTestKit.engine().decode(body);
    }

    private static SqlRequest request(String body) {
        return (SqlRequest) ((Decoding.Decoded) decode(body)).operation();
    }

    private static String reason(String body) {
        return ((Decoding.Malformed) decode(body)).reason();
    }

    @Test
    void decode_whenWellFormed_keepsParameterTypes() {
        var request = request("""
                {"target":"demo","sql":"select ?, ?, ?, ?, ?","params":["x", 7, 2.50, true, null]}""");

        assertThat(request.target()).isEqualTo("demo");
        assertThat(request.params()).isEqualTo(Arrays.asList("x", 7L, new BigDecimal("2.50"), true, null));
    }

    @Test
    void decode_whenParamsOmitted_hasNone() {
        assertThat(request("{\"target\":\"demo\",\"sql\":\"select 1\"}").params()).isEmpty();
    }

    @Test
    void decode_whenNotJson_saysWhere() {
        assertThat(reason("{\"target\": \"demo\",\n \"sql\": ")).contains("not valid JSON").contains("line 2");
    }

    @Test
    void decode_whenShapeIsWrong_saysWhatToSend() {
        assertThat(reason("")).contains("empty");
        assertThat(reason("[1,2]")).contains("must be a JSON object");
        assertThat(reason("{\"target\":\"demo\"}")).contains("Field 'sql' is required");
        assertThat(reason("{\"target\":\"demo\",\"sql\":42}")).contains("'sql' must be a string");
        assertThat(reason("{\"target\":\"demo\",\"sql\":\"x\",\"parms\":[]}")).contains("Unknown field 'parms'");
        assertThat(reason("{\"target\":\"demo\",\"sql\":\"x\",\"params\":{}}")).contains("must be an array");
        assertThat(reason("{\"target\":\"demo\",\"sql\":\"x\",\"params\":[[1]]}")).contains("params[0] is an array");
    }

    @Test
    void decode_whenOverTheLimits_saysTheLimit() {
        assertThat(reason("{\"target\":\"demo\",\"sql\":\"" + "x".repeat(100_001) + "\"}"))
                .contains("the limit is 100000");
        assertThat(reason("{\"target\":\"\",\"sql\":\"select 1\"}")).contains("Field 'target' is required");
    }
}
