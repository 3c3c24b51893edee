package dev.airlock.sql.engine;

import dev.airlock.core.model.SqlRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical form of a SQL request and its SHA-256: an approval is bound to this hash, so
 * only the exact statement with the exact parameters, for the same agent and target, can run.
 * Every field is length-prefixed, so no two different requests share an encoding.
 */
public final class CanonicalRequest {
    private static final String VERSION = "airlock.sql.v1";

    private CanonicalRequest() {
    }

    public static String encode(String agentId, SqlRequest request) {
        StringBuilder out = new StringBuilder(VERSION).append('\n');
        field(out, "agent", agentId);
        field(out, "target", request.target());
        field(out, "sql", request.sql());
        out.append("params:").append(request.params().size()).append('\n');
        for (Object param : request.params()) {
            switch (param) {
                case null -> out.append("null\n");
                case String s -> field(out, "s", s);
                case Boolean b -> field(out, "b", b.toString());
                case Number n -> field(out, "n", n.toString());
                default -> throw new IllegalArgumentException("unsupported parameter type " + param.getClass());
            }
        }
        return out.toString();
    }

    public static String sha256(String agentId, SqlRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(encode(agentId, request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append(':').append(value.length()).append(':').append(value).append('\n');
    }
}
