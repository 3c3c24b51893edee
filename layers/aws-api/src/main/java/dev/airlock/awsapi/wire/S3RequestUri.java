package dev.airlock.awsapi.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A REST operation's request URI from the catalog ({@code /{Bucket}/{Key+}}, {@code /{Bucket}?list-type=2})
 * split into what a request must match: the path's shape and the literal query keys that tell
 * operations on the same path apart.
 *
 * @param shape   ROOT ({@code /}), BUCKET ({@code /{Bucket}}) or OBJECT ({@code /{Bucket}/{Key+}})
 * @param literal the literal query parameters, name to value ({@code delete -> ""})
 */
record S3RequestUri(Shape shape, List<Map.Entry<String, String>> literal) {

    enum Shape { ROOT, BUCKET, OBJECT }

    S3RequestUri {
        literal = List.copyOf(literal);
    }

    static S3RequestUri parse(String requestUri) {
        int q = requestUri.indexOf('?');
        String path = q < 0 ? requestUri : requestUri.substring(0, q);
        Shape shape = switch (path) {
            case "/" -> Shape.ROOT;
            case "/{Bucket}" -> Shape.BUCKET;
            case "/{Bucket}/{Key+}" -> Shape.OBJECT;
            default -> throw new IllegalArgumentException("The S3 codec reads request URIs /, /{Bucket} and "
                    + "/{Bucket}/{Key+}, not '" + requestUri + "'.");
        };
        List<Map.Entry<String, String>> literal = new ArrayList<>();
        if (q >= 0) {
            for (String pair : requestUri.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                literal.add(eq < 0 ? Map.entry(pair, "") : Map.entry(pair.substring(0, eq), pair.substring(eq + 1)));
            }
        }
        return new S3RequestUri(shape, literal);
    }

    boolean literalName(String name) {
        return literal.stream().anyMatch(e -> e.getKey().equals(name));
    }
}
