package dev.airlock.awsapi.sigv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parsed value of a SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20261202/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex}.
 * Strict: anything an SDK would not write is refused, and {@link #parse} never throws.
 *
 * @param scope         the credential scope
 * @param signedHeaders lower-case names, sorted, unique, exactly as the header lists them
 * @param signature     64 lower-case hex digits
 */
public record AuthorizationHeader(SigV4Scope scope, List<String> signedHeaders, String signature) {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final int MAX_LENGTH = 8192;
    private static final Pattern ACCESS_KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DATE = Pattern.compile("[0-9]{8}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern HEADER = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]{1,256}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");

    public AuthorizationHeader {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** The SignedHeaders value as signed: names joined with ';'. */
    public String signedHeadersValue() {
        return String.join(";", signedHeaders);
    }

    /** Never the signature. */
    @Override
    public String toString() {
        return "AuthorizationHeader[" + scope + ", " + signedHeadersValue() + "]";
    }

    /** What {@link #parse} made of a header value. */
    public sealed interface Parsed {
    }

    public record Ok(AuthorizationHeader header) implements Parsed {
    }

    /** @param reason one line, which never repeats the signature */
    public record Malformed(String reason) implements Parsed {
    }

    public static Parsed parse(String value) {
        if (value == null || value.isEmpty()) {
            return new Malformed("the Authorization header is empty");
        }
        if (value.length() > MAX_LENGTH) {
            return new Malformed("the Authorization header is longer than " + MAX_LENGTH + " characters");
        }
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!ALGORITHM.equals(algorithm)) {
            return new Malformed("only " + ALGORITHM + " signatures are accepted (SigV2 and SigV4a are not)");
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : value.substring(space + 1).split(",", -1)) {
            String field = part.strip();
            int equals = field.indexOf('=');
            if (equals <= 0) {
                return new Malformed("the Authorization header has a part that is not Name=value");
            }
            String name = field.substring(0, equals);
            if (!List.of("Credential", "SignedHeaders", "Signature").contains(name)) {
                return new Malformed("the Authorization header has an unknown part; expected Credential, "
                        + "SignedHeaders and Signature");
            }
            if (fields.put(name, field.substring(equals + 1)) != null) {
                return new Malformed("the Authorization header repeats " + name);
            }
        }
        if (fields.size() != 3) {
            return new Malformed("the Authorization header needs Credential, SignedHeaders and Signature");
        }
        String[] credential = fields.get("Credential").split("/", -1);
        if (credential.length != 5 || !"aws4_request".equals(credential[4])) {
            return new Malformed("Credential must be <access key>/<yyyyMMdd>/<region>/<service>/aws4_request");
        }
        if (!ACCESS_KEY.matcher(credential[0]).matches()) {
            return new Malformed("the access key in Credential must be a target name");
        }
        if (!DATE.matcher(credential[1]).matches() || !NAME.matcher(credential[2]).matches()
                || !NAME.matcher(credential[3]).matches()) {
            return new Malformed("Credential must be <access key>/<yyyyMMdd>/<region>/<service>/aws4_request");
        }
        List<String> signed = new ArrayList<>();
        for (String header : fields.get("SignedHeaders").split(";", -1)) {
            if (!HEADER.matcher(header).matches()) {
                return new Malformed("SignedHeaders must list lower-case header names separated by ';'");
            }
            if (!signed.isEmpty() && signed.get(signed.size() - 1).compareTo(header) >= 0) {
                return new Malformed("SignedHeaders must be sorted and list each header once");
            }
            signed.add(header);
        }
        if (!SIGNATURE.matcher(fields.get("Signature")).matches()) {
            return new Malformed("Signature must be 64 lower-case hex digits");
        }
        return new Ok(new AuthorizationHeader(new SigV4Scope(credential[0], credential[1], credential[2], credential[3]),
                signed, fields.get("Signature")));
    }
}
