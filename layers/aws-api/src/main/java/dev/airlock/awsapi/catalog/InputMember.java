package dev.airlock.awsapi.catalog;

import java.util.Map;
import java.util.Objects;

/**
 * One input member an operation accepts, and where it travels on the wire.
 *
 * @param name     the member's name in the input ({@code Bucket}, {@code InstanceIds})
 * @param location where it travels: the URI, the query string, a header, the payload, or the body
 * @param wireName its name there when it differs ({@code prefix}, {@code Range}, {@code InstanceId}); else the name
 * @param type     its shape
 * @param required whether a call without it is refused
 * @param members  for a structure (or a list or map of structures), the members it may hold; empty means
 *                 any JSON value is accepted as is (DynamoDB attribute values)
 */
public record InputMember(String name, Location location, String wireName, Type type, boolean required,
                          Map<String, InputMember> members) {
    public InputMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        wireName = wireName == null || wireName.isEmpty() ? name : wireName;
        Objects.requireNonNull(type, "type");
        members = Map.copyOf(members);
    }

    public enum Location { URI, QUERYSTRING, HEADER, PAYLOAD, BODY }

    /** {@code NUMBER} is a floating point member (botocore's double and float). */
    public enum Type { STRING, INTEGER, NUMBER, BOOLEAN, TIMESTAMP, BLOB, LIST, MAP, STRUCTURE, ANY }
}
