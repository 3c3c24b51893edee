package dev.airlock.api;

import dev.airlock.core.pipeline.InboundSqlRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SqlRequestDecoderTest {

    private static InboundSqlRequest decode(String body) {
        return SqlRequestDecoder.decode("Bearer t", body, "127.0.0.1");
    }

    private static String reason(String body) {
        return decode(body).malformedReason().orElseThrow();
    }

    @Test
    void decode_whenWellFormed_keepsParameterTypes() {
        InboundSqlRequest inbound = decode("""
                {"target":"demo","sql":"select ?, ?, ?, ?, ?","params":["x", 7, 2.50, true, null]}""");

        var request = inbound.request().orElseThrow();
        assertThat(request.target()).isEqualTo("demo");
        assertThat(request.params()).isEqualTo(Arrays.asList("x", 7L, new BigDecimal("2.50"), true, null));
        assertThat(inbound.authorization()).contains("Bearer t");
    }

    @Test
    void decode_whenParamsOmitted_hasNone() {
        assertThat(decode("{\"target\":\"demo\",\"sql\":\"select 1\"}").request().orElseThrow().params()).isEmpty();
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
}
