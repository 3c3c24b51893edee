package dev.airlock.sql.engine;

import dev.airlock.core.model.SqlRequest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalRequestTest {

    private static String hash(String agent, String sql, Object... params) {
        return CanonicalRequest.sha256(agent, new SqlRequest("demo", sql, Arrays.asList(params)));
    }

    @Test
    void sha256_whenSameRequest_isStable() {
        assertThat(hash("ops-bot", "delete from orders where id = ?", 7))
                .isEqualTo(hash("ops-bot", "delete from orders where id = ?", 7));
    }

    @Test
    void sha256_whenAnyPartDiffers_differs() {
        String base = hash("ops-bot", "delete from orders where id = ?", 7);
        assertThat(List.of(
                hash("ops-bot", "delete from orders where id = ?", 8),
                hash("ops-bot", "delete from orders where id = ?", "7"),
                hash("reporting-bot", "delete from orders where id = ?", 7),
                hash("ops-bot", "delete from orders where id = ? ", 7),
                hash("ops-bot", "delete from orders where id = ?", 7, null)))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void encode_whenFieldsContainSeparators_cannotCollide() {
        assertThat(CanonicalRequest.encode("a", new SqlRequest("demo", "x\nsql:1:y", List.of())))
                .isNotEqualTo(CanonicalRequest.encode("a", new SqlRequest("demo", "x", List.of("y"))));
    }
}
