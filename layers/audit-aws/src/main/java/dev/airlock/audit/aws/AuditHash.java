package dev.airlock.audit.aws;

import dev.airlock.core.audit.AuditRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over a canonical encoding of an audit record: its attributes as the table stores them
 * ({@link AuditItems}), sorted by name, each value tagged with its type and prefixed with its
 * length, so no two different records encode alike. The hash itself is left out; the chain
 * place ({@code chain}, {@code seq}, {@code prevHash}) is in, which is what links a record to
 * the one before it. Because a record read back maps to exactly its stored item, its hash is
 * the one computed when it was written, by this version or an earlier one.
 */
final class AuditHash {
    static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    /** The record's hash, over everything but its hash. */
    static String of(AuditRecord record) {
        return of(AuditItems.toItem(record.withoutHash()));
    }

    private static String of(Map<String, AttributeValue> item) {
        StringBuilder canonical = new StringBuilder();
        Map<String, AttributeValue> sorted = new TreeMap<>(item);
        sorted.remove("hash");
        encodeMap(sorted, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static void encodeMap(Map<String, AttributeValue> map, StringBuilder out) {
        out.append('{').append(map.size()).append(':');
        new TreeMap<>(map).forEach((name, value) -> {
            text(name, out);
            encode(value, out);
        });
        out.append('}');
    }

    private static void encode(AttributeValue value, StringBuilder out) {
        if (value.s() != null) {
            out.append('S');
            text(value.s(), out);
        } else if (value.n() != null) {
            out.append('N');
            text(value.n(), out);
        } else if (value.bool() != null) {
            out.append(value.bool() ? "T" : "F");
        } else if (Boolean.TRUE.equals(value.nul())) {
            out.append('0');
        } else if (value.hasM()) {
            out.append('M');
            encodeMap(value.m(), out);
        } else if (value.hasL()) {
            List<AttributeValue> list = value.l();
            out.append('L').append(list.size()).append('[');
            list.forEach(item -> encode(item, out));
            out.append(']');
        } else {
            throw new IllegalArgumentException("audit records hold no " + value.type() + " values");
        }
    }

    /** The canonical encoding of one value. */
    static String encode(AttributeValue value) {
        StringBuilder out = new StringBuilder();
        encode(value, out);
        return out.toString();
    }

    private static void text(String text, StringBuilder out) {
        out.append(text.length()).append(':').append(text);
    }
}
