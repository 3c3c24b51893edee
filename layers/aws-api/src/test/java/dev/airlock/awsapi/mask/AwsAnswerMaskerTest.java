package dev.airlock.awsapi.mask;

import dev.airlock.masking.MaskingEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsAnswerMaskerTest {
    private static final String PII = "mail ann.lee@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111";
    private final AwsAnswerMasker masker = new AwsAnswerMasker(MaskingEngine.withDefaultDetectors());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(MaskedBody body) {
        return new String(body.body(), StandardCharsets.UTF_8);
    }

    @Test
    void maskJson_whenStringsHoldPii_detectorsMaskEachAndCountIt() {
        MaskedBody masked = masker.maskJson(utf8("{\"Items\":[{\"note\":\"" + PII + "\"}],\"Count\":1}"), List.of());

        assertThat(text(masked)).isEqualTo("{\"Items\":[{\"note\":\"mail [EMAIL], call [PHONE], card [CARD]\"}],"
                + "\"Count\":1}");
        assertThat(masked.maskedCounts()).containsEntry("email", 1).containsEntry("phone", 1).containsEntry("card", 1);
    }

    @Test
    void maskJson_whenMaskPathsNameValues_replacesThemWholeAndCountsUnderThePath() {
        String body = "{\"Parameters\":[{\"Name\":\"a\",\"Value\":\"x1\"},{\"Name\":\"b\",\"Value\":{\"k\":\"v\"}}],"
                + "\"Other\":{\"Value\":\"kept\"}}";

        MaskedBody masked = masker.maskJson(utf8(body), List.of("Parameters[].Value"));

        assertThat(text(masked)).isEqualTo("{\"Parameters\":[{\"Name\":\"a\",\"Value\":\"****\"},"
                + "{\"Name\":\"b\",\"Value\":\"****\"}],\"Other\":{\"Value\":\"kept\"}}");
        assertThat(masked.maskedCounts()).containsEntry("Parameters[].Value", 2);
    }

    @Test
    void maskJson_whenPathWalksNestedLists_masksEveryElement() {
        String body = "{\"Reservations\":[{\"Instances\":[{\"PrivateIpAddress\":\"a\"},{\"PrivateIpAddress\":\"b\"}]}]}";

        MaskedBody masked = masker.maskJson(utf8(body), List.of("$.Reservations[].Instances[].PrivateIpAddress"));

        assertThat(text(masked)).doesNotContain("\"a\"", "\"b\"").contains("\"PrivateIpAddress\":\"****\"");
    }

    @Test
    void maskJson_whenBodyIsNotJson_refuses() {
        assertThatThrownBy(() -> masker.maskJson(utf8("{\"a\": "), List.of()))
                .isInstanceOf(UnmaskableAnswerException.class);
    }

    @Test
    void maskJson_whenMaskPathIsMalformed_saysWhich() {
        assertThatThrownBy(() -> masker.maskJson(utf8("{}"), List.of("a..b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a..b");
    }

    @Test
    void maskXml_whenTextNodesHoldPii_detectorsMaskThem() {
        String xml = "<?xml version=\"1.0\"?><DescribeTagsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<tagSet><item><key>owner</key><value>" + PII + "</value></item></tagSet>"
                + "<!-- ann.lee@example.com --></DescribeTagsResponse>";

        MaskedBody masked = masker.maskXml(utf8(xml), List.of());

        assertThat(text(masked)).contains("<value>mail [EMAIL], call [PHONE], card [CARD]</value>")
                .contains("xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"").doesNotContain("ann.lee");
        assertThat(masked.maskedCounts()).containsEntry("email", 1).containsEntry("card", 1);
    }

    @Test
    void maskXml_whenElementIsOnAMaskPath_replacesItWhole() {
        String xml = "<GetParametersResponse><GetParametersResult><Parameters>"
                + "<member><Name>a</Name><Value>s3cr3t</Value></member>"
                + "<member><Name>b</Name><Value><x>nested</x></Value></member>"
                + "</Parameters></GetParametersResult></GetParametersResponse>";

        MaskedBody masked = masker.maskXml(utf8(xml), List.of("GetParametersResult.Parameters[].Value"));

        assertThat(text(masked)).doesNotContain("s3cr3t", "nested").contains("<Value>****</Value>")
                .contains("<Name>a</Name>");
        assertThat(masked.maskedCounts()).containsEntry("GetParametersResult.Parameters[].Value", 2);
    }

    @Test
    void maskXml_whenAnswerCarriesAnXxePayload_refusesWithoutReadingTheFile() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<r><v>&xxe;</v></r>";

        assertThatThrownBy(() -> masker.maskXml(utf8(xxe), List.of()))
                .isInstanceOf(UnmaskableAnswerException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
    }

    @Test
    void maskXml_whenAnswerNamesAnExternalDtd_refusesWithoutFetchingIt() {
        String external = "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\"><r>x</r>";

        assertThatThrownBy(() -> masker.maskXml(utf8(external), List.of()))
                .isInstanceOf(UnmaskableAnswerException.class).hasMessageContaining("DTD");
    }

    @Test
    void maskXml_whenAnswerHasABillionLaughsDtd_refuses() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<l>&b;</l>";

        assertThatThrownBy(() -> masker.maskXml(utf8(laughs), List.of())).isInstanceOf(UnmaskableAnswerException.class);
    }

    @Test
    void maskXml_whenNotWellFormed_refuses() {
        assertThatThrownBy(() -> masker.maskXml(utf8("<a><b></a>"), List.of()))
                .isInstanceOf(UnmaskableAnswerException.class);
    }

    @Test
    void maskSsmParameters_whenSecureString_neverShowsTheValue() {
        String answer = "{\"Parameter\":{\"Name\":\"/db/password\",\"Type\":\"SecureString\",\"Value\":\"hunter2\","
                + "\"Version\":3}}";

        MaskedBody masked = masker.maskSsmParameters(utf8(answer));

        assertThat(text(masked)).doesNotContain("hunter2").contains("\"Value\":\"****\"");
        assertThat(masked.maskedCounts()).containsEntry(AwsAnswerMasker.SECURE_STRING, 1);
    }

    @Test
    void maskSsmParameters_whenDecryptedListMixesTypes_masksOnlySecretsAndDetectsTheRest() {
        // WithDecryption=true: AWS sends the plaintext; it still must not reach the agent.
        String answer = "{\"Parameters\":[{\"Name\":\"a\",\"Type\":\"String\",\"Value\":\"ann.lee@example.com\"},"
                + "{\"Name\":\"b\",\"Type\":\"SecureString\",\"Value\":\"AKIAIOSFODNN7EXAMPLE plain\"},"
                + "{\"Name\":\"c\",\"Value\":\"no type given\"}],\"InvalidParameters\":[]}";

        MaskedBody masked = masker.maskSsmParameters(utf8(answer));

        assertThat(text(masked)).contains("\"Value\":\"[EMAIL]\"").doesNotContain("AKIA", "no type given");
        assertThat(masked.maskedCounts()).containsEntry(AwsAnswerMasker.SECURE_STRING, 2).containsEntry("email", 1);
    }

    @Test
    void maskObject_whenJson_masksAsJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Map<String, Integer> counts = masker.maskObject(new ByteArrayInputStream(utf8("{\"n\":\"" + PII + "\"}")), out,
                "application/vnd.api+json; charset=utf-8");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"n\":\"mail [EMAIL], call [PHONE], card [CARD]\"}");
        assertThat(counts).containsEntry("email", 1);
    }

    @Test
    void maskObject_whenCsv_masksLineByLineKeepingTheRows() throws IOException {
        String csv = "id,email,phone\n1,ann.lee@example.com,+44 20 7946 0958\r\n2,bo@example.org,none\n3,x,y";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Map<String, Integer> counts = masker.maskObject(new ByteArrayInputStream(utf8(csv)), out, "text/csv");

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("id,email,phone\n1,[EMAIL],[PHONE]\r\n2,[EMAIL],none\n3,x,y");
        assertThat(counts).containsEntry("email", 2).containsEntry("phone", 1);
    }

    @Test
    void maskObject_whenPlainText_masksCardsAndKeys() throws IOException {
        String log = "charged 4111 1111 1111 1111\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabcdEFGH\n"
                + "-----END RSA PRIVATE KEY-----\ndone\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        masker.maskObject(new ByteArrayInputStream(utf8(log)), out, "text/plain; charset=ISO-8859-1");

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).contains("charged [CARD]").contains("done")
                .doesNotContain("MIIEowIBAAKCAQEA", "abcdEFGH");
    }

    @Test
    void maskObject_whenBinary_refusesBeforeReading() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("a binary object must not be read");
            }
        };

        assertThatThrownBy(() -> masker.maskObject(untouchable, OutputStream.nullOutputStream(),
                "application/octet-stream"))
                .isInstanceOf(UnmaskableAnswerException.class)
                .hasMessageContaining("binary objects pass only where policy says so")
                .satisfies(e -> assertThat(((UnmaskableAnswerException) e).binary()).isTrue());
        assertThatThrownBy(() -> masker.maskObject(untouchable, OutputStream.nullOutputStream(), null))
                .isInstanceOf(UnmaskableAnswerException.class);
    }

    @Test
    void maskObject_whenALineIsLongerThanTheBound_masksItWhole() throws IOException {
        String huge = "x".repeat(TextLineMasker.MAX_LINE_CHARS + 10) + "ann.lee@example.com";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Map<String, Integer> counts = masker.maskObject(new ByteArrayInputStream(utf8("a\n" + huge + "\nb\n")), out,
                "text/plain");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\n****\nb\n");
        assertThat(counts).containsEntry(TextLineMasker.OVERSIZED, 1);
    }

    @Test
    void maskObject_whenTextIsHuge_streamsItWithoutReadingAhead() throws IOException {
        GeneratedCsv in = new GeneratedCsv(50L * 1024 * 1024);
        CountingSink out = new CountingSink(in);

        Map<String, Integer> counts = masker.maskObject(in, out, "text/csv");

        assertThat(in.produced).isEqualTo(in.size);
        assertThat(out.written).isGreaterThan(in.size / 2);
        assertThat(out.maxLead).as("bytes read between two writes").isLessThan(4L * 1024 * 1024);
        assertThat(counts.get("email")).isGreaterThan(100_000);
    }

    @Test
    void maskObject_whenJsonIsHuge_streamsIt() throws IOException {
        GeneratedJsonArray in = new GeneratedJsonArray(20_000_000L);
        CountingSink out = new CountingSink(in);

        Map<String, Integer> counts = masker.maskObject(in, out, "application/json");

        assertThat(out.maxLead).isLessThan(4L * 1024 * 1024);
        assertThat(counts.get("email")).isGreaterThan(10_000);
    }

    /** A CSV object made up as it is read; it counts how far the reader has got. */
    private static class GeneratedCsv extends InputStream implements Produced {
        private static final byte[] ROW = "42,ann.lee@example.com,some text that is not sensitive at all\n"
                .getBytes(StandardCharsets.UTF_8);
        final long size;
        long produced;

        GeneratedCsv(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (produced >= size) {
                return -1;
            }
            return ROW[(int) (produced++ % ROW.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i++) {
                b[off + i] = ROW[(int) (produced++ % ROW.length)];
            }
            return n;
        }

        @Override
        public long produced() {
            return produced;
        }
    }

    /** {@code [{"e":"ann.lee@example.com"}, ...]} made up as it is read. */
    private static final class GeneratedJsonArray extends InputStream implements Produced {
        private static final byte[] ITEM = "{\"e\":\"ann.lee@example.com\",\"n\":1},".getBytes(StandardCharsets.UTF_8);
        private final long items;
        private long item;
        private int at;
        private int stage;
        private long produced;

        GeneratedJsonArray(long bytes) {
            this.items = bytes / ITEM.length;
        }

        @Override
        public int read() {
            int b;
            if (stage == 0) {
                stage = 1;
                b = '[';
            } else if (stage == 1 && item < items) {
                b = ITEM[at++];
                if (at == ITEM.length) {
                    at = 0;
                    item++;
                }
            } else if (stage == 1) {
                stage = 2;
                b = '{';
            } else if (stage == 2) {
                stage = 3;
                b = '}';
            } else if (stage == 3) {
                stage = 4;
                b = ']';
            } else {
                return -1;
            }
            produced++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    break;
                }
                b[off + n++] = (byte) c;
            }
            return n == 0 && len > 0 ? -1 : n;
        }

        @Override
        public long produced() {
            return produced;
        }
    }

    private interface Produced {
        long produced();
    }

    /**
     * Measures how far the masker reads ahead of what it writes: the most source bytes produced
     * between two writes (masked output is shorter than its input, so bytes are not compared).
     */
    private static final class CountingSink extends OutputStream {
        private final Produced source;
        private long producedAtLastWrite;
        long written;
        long maxLead;

        CountingSink(Produced source) {
            this.source = source;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written += len;
            long produced = source.produced();
            maxLead = Math.max(maxLead, produced - producedAtLastWrite);
            producedAtLastWrite = produced;
        }
    }
}
