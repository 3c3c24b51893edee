package dev.airlock.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The JSON documents the masking benchmark reads, each about 1 MiB and the same on every run:
 * an ordinary API response with about 1% personal data, and adversarial ones built to make a
 * scanner backtrack or rescan (long digit runs, many {@code @}, dots and colons, base64 blobs,
 * nesting to Jackson's limit).
 */
final class MaskingDocuments {
    static final int TARGET_BYTES = 1 << 20;

    /** @param piiShare the fraction of the bytes that is personal data or secrets */
    record Document(byte[] bytes, double piiShare) {
    }

    private MaskingDocuments() {
    }

    static Document build(String name) {
        Random random = new Random(42);
        Builder b = new Builder();
        switch (name) {
            case "pii-1pct" -> ordinaryResponse(b, random);
            case "digit-runs" -> fill(b, () -> b.field("v", digits(random, 64 + random.nextInt(4000))));
            case "at-signs" -> fill(b, () -> b.field("v", repeat("a@", 200 + random.nextInt(2000)) + "@b"));
            case "dots-and-colons" -> fill(b, () -> b.field("v",
                    repeat(random.nextBoolean() ? "1.2." : "fe80::1:", 100 + random.nextInt(1000))));
            case "base64-blobs" -> fill(b, () -> b.field("v", "eyJ" + base64(random, 500 + random.nextInt(4000))
                    + "." + base64(random, 300)));
            case "deep-nesting" -> fill(b, () -> nested(b, random));
            default -> throw new IllegalArgumentException("no document " + name);
        }
        return b.document();
    }

    /** Orders as an API would list them: ids, states, timestamps, amounts, free-text notes. */
    private static void ordinaryResponse(Builder b, Random random) {
        String[] states = {"PENDING", "SHIPPED", "DELIVERED", "RETURNED"};
        String[] notes = {"Leave at the front door", "Gift wrap, no invoice in the box", "Call before delivery",
                "Second attempt scheduled for Tuesday", "Customer asked for a paper receipt"};
        b.raw("{\"Items\":[");
        int n = 0;
        while (b.size() < TARGET_BYTES) {
            if (n++ > 0) {
                b.raw(",");
            }
            b.raw("{\"orderId\":\"ord-" + (100000 + n) + "\",\"state\":\"" + states[random.nextInt(4)]
                    + "\",\"createdAt\":\"2026-11-" + (10 + random.nextInt(18)) + "T10:" + (10 + random.nextInt(49))
                    + ":00Z\",\"total\":" + (random.nextInt(90000) / 100.0) + ",\"currency\":\"EUR\",\"lines\":[");
            int lines = 1 + random.nextInt(3);
            for (int l = 0; l < lines; l++) {
                b.raw((l > 0 ? "," : "") + "{\"sku\":\"SKU-" + (1000 + random.nextInt(9000)) + "\",\"qty\":"
                        + (1 + random.nextInt(5)) + ",\"trackingId\":\"" + java.util.UUID.nameUUIDFromBytes(
                        new byte[]{(byte) n, (byte) l}) + "\"}");
            }
            b.raw("],\"note\":\"" + notes[random.nextInt(notes.length)]);
            // One order in seven carries contact data in its note: about 1% of the bytes.
            if (n % 7 == 0) {
                b.raw(", contact ");
                b.pii(switch (random.nextInt(3)) {
                    case 0 -> "jo.smith" + n + "@example.com";
                    case 1 -> "+1 212 555 " + (1000 + random.nextInt(9000));
                    default -> "4111 1111 1111 1111";
                });
            }
            b.raw("\"}");
        }
        b.raw("]}");
    }

    private static void fill(Builder b, Runnable value) {
        b.raw("[");
        int n = 0;
        while (b.size() < TARGET_BYTES) {
            if (n++ > 0) {
                b.raw(",");
            }
            b.raw("{");
            value.run();
            b.raw("}");
        }
        b.raw("]");
    }

    /** Objects and arrays nested to Jackson's depth limit, a leaf at the bottom of each. */
    private static void nested(Builder b, Random random) {
        StringBuilder closers = new StringBuilder();
        // The document's array and the object around this value are two levels already.
        for (int depth = 2; depth + 2 <= MaskingBenchmark.NESTING; depth += 2) {
            b.raw("\"a\":[{");
            closers.insert(0, "}]");
        }
        b.field("leaf", "ord-" + random.nextInt(1_000_000));
        b.raw(closers.toString());
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static String base64(Random random, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }

    private static final class Builder {
        private final StringBuilder json = new StringBuilder(TARGET_BYTES + 8192);
        private int piiChars;

        Builder raw(String s) {
            json.append(s);
            return this;
        }

        void pii(String s) {
            json.append(s);
            piiChars += s.length();
        }

        void field(String name, String value) {
            json.append('"').append(name).append("\":\"").append(value).append('"');
        }

        int size() {
            return json.length();
        }

        Document document() {
            return new Document(json.toString().getBytes(StandardCharsets.UTF_8), (double) piiChars / json.length());
        }
    }
}
