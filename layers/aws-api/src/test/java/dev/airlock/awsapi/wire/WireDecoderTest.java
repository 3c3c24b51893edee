package dev.airlock.awsapi.wire;

import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.TestCatalog;
import dev.airlock.awsapi.catalog.WireProtocol;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WireDecoderTest {

    @Test
    void decode_whenTheServiceHasNoCatalog_refusesSayingHowToAdd() {
        WireDecoding d = WireDecoder.standard(TestCatalog.get(), null)
                .decode(Captured.load("dynamodb-GetItem"), "glue", "t");
        assertThat(d).isInstanceOfSatisfying(WireDecoding.Refused.class, r -> {
            assertThat(r.code()).isEqualTo("UnknownOperation");
            assertThat(r.reason()).contains("glue").contains("docs/aws.md");
        });
    }

    @Test
    void decode_whenTheCodecFails_refusesRatherThanPassingTheRequestOn() {
        ProtocolCodec broken = new ProtocolCodec() {
            @Override
            public WireDecoding decode(WireRequest request, CatalogService service, String target) {
                throw new IllegalStateException("bug");
            }

            @Override
            public RebuiltRequest encode(AwsCall call, CatalogService service, CatalogOperation operation) {
                throw new AssertionError("a codec that cannot read is never asked to rebuild");
            }
        };
        WireDecoder decoder = new WireDecoder(TestCatalog.get(), Map.of(WireProtocol.JSON_1_0, broken));
        assertThat(decoder.decode(Captured.load("dynamodb-GetItem"), "dynamodb", "t"))
                .isInstanceOfSatisfying(WireDecoding.Refused.class, r -> assertThat(r.code()).isEqualTo("InvalidRequest"));
    }

    @Test
    void decode_whenNoCodecReadsTheProtocol_refuses() {
        WireDecoder decoder = new WireDecoder(TestCatalog.get(), Map.of());
        assertThat(decoder.decode(Captured.load("dynamodb-GetItem"), "dynamodb", "t"))
                .isInstanceOfSatisfying(WireDecoding.Refused.class, r -> assertThat(r.reason()).contains("json-1.0"));
    }

    @Test
    void decode_kmsDecrypt_isNeverProxied() {
        WireRequest request = Captured.withHeader(Captured.withHeader(Captured.load("ssm-GetParameter"),
                "X-Amz-Target", "TrentService.Decrypt"), "Content-Type", "application/x-amz-json-1.1");
        assertThat(WireDecoder.standard(TestCatalog.get(), null).decode(request, "kms", "t"))
                .isInstanceOfSatisfying(WireDecoding.Refused.class, r -> assertThat(r.code()).isEqualTo("AccessDenied"));
    }
}
