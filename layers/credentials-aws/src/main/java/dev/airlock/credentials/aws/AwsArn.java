package dev.airlock.credentials.aws;

import java.util.regex.Pattern;

/**
 * A concrete resource ARN, {@code arn:partition:service:region:account:resource}. Wildcards
 * ({@code *}, {@code ?}) are refused: a session policy names exactly the resource of one request.
 */
public record AwsArn(String partition, String service, String region, String account, String resource) {
    private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    // Empty for global services (IAM, S3 buckets).
    private static final Pattern REGION = Pattern.compile("([a-z]{2}(-[a-z]+)+-\\d+)?");
    private static final Pattern ACCOUNT = Pattern.compile("(\\d{12})?");
    // Anything IAM reads literally: no wildcards, quotes, backslashes or control characters (S3 keys may hold spaces).
    private static final Pattern RESOURCE = Pattern.compile("[^*?\"\\\\\\p{Cntrl}]+");

    /** @throws IllegalArgumentException naming the part that is wrong */
    public static AwsArn parse(String arn) {
        if (arn == null) {
            throw new IllegalArgumentException("ARN is missing.");
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            throw new IllegalArgumentException("Not an ARN (arn:partition:service:region:account:resource): '"
                    + arn + "'.");
        }
        check(PARTITION, parts[1], "partition", arn);
        check(SERVICE, parts[2], "service", arn);
        check(REGION, parts[3], "region", arn);
        check(ACCOUNT, parts[4], "account", arn);
        check(RESOURCE, parts[5], "resource (no wildcards, quotes or control characters)", arn);
        return new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    private static void check(Pattern pattern, String value, String part, String arn) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("ARN '" + arn + "' has an invalid " + part + ": '" + value + "'.");
        }
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
