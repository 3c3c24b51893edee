package dev.airlock.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormDecoderTest {

    @Test
    void decode_whenFormEncoded_readsEachParameter() {
        assertThat(FormDecoder.decode("application/x-www-form-urlencoded; charset=UTF-8",
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=a.b.c&scope="))
                .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token", "a.b.c")
                .doesNotContainKey("scope");
    }

    @Test
    void decode_whenParameterRepeated_refusesWithoutEchoingValues() {
        assertThatThrownBy(() -> FormDecoder.decode("application/x-www-form-urlencoded",
                "subject_token=secret-one&subject_token=secret-two"))
                .hasMessageContaining("'subject_token' is given more than once")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void decode_whenJson_saysToSendAForm() {
        assertThatThrownBy(() -> FormDecoder.decode("application/json", "{}"))
                .hasMessageContaining("application/x-www-form-urlencoded");
    }
}
