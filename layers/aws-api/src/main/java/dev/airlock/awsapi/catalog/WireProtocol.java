package dev.airlock.awsapi.catalog;

/** How a service's requests and answers travel on the wire, as the AWS SDKs name the protocols. */
public enum WireProtocol {
    /** POST / with {@code X-Amz-Target: <prefix>.<Operation>}, body {@code application/x-amz-json-1.0}. */
    JSON_1_0("json-1.0"),
    /** As JSON 1.0, with {@code application/x-amz-json-1.1}. */
    JSON_1_1("json-1.1"),
    /** POST / with a form body {@code Action=...&Version=...}; answers XML. */
    QUERY("query"),
    /** The EC2 dialect of query: lists flattened without {@code .member}; answers XML. */
    EC2("ec2"),
    /** REST with JSON bodies: the operation is the method and path. */
    REST_JSON("rest-json"),
    /** REST with XML bodies (S3): the operation is the method, path and query keys. */
    REST_XML("rest-xml");

    private final String wireName;

    WireProtocol(String wireName) {
        this.wireName = wireName;
    }

    /** The name catalog files use. */
    public String wireName() {
        return wireName;
    }

    public static WireProtocol fromWireName(String name) {
        for (WireProtocol p : values()) {
            if (p.wireName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown wire protocol '" + name + "': use json-1.0, json-1.1, query, ec2, "
                + "rest-json or rest-xml.");
    }

    public boolean isJson() {
        return this == JSON_1_0 || this == JSON_1_1;
    }
}
