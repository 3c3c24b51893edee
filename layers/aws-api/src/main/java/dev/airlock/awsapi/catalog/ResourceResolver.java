package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.model.RiskClass;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the resources a call names from its input with the catalog's ARN templates. The ARNs go
 * into the per-call session policy and to Cedar, so a value that could change an ARN's meaning
 * (a wildcard, a policy variable, a control character, another account's resource) refuses the call.
 */
public final class ResourceResolver {
    /** More resources than this in one call are refused rather than put into a session policy. */
    public static final int MAX_RESOURCES = 500;

    private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_-]{1,80}(\\.fifo)?");
    private static final Pattern SSM_NAME = Pattern.compile("[A-Za-z0-9_.\\-/]{1,2048}");
    private static final Pattern LOG_GROUP = Pattern.compile("[A-Za-z0-9_.\\-/#]{1,512}");

    private ResourceResolver() {
    }

    private record Target(String partition, String region, String account) {
    }

    /** Thrown inside the resolver only; becomes a {@link ResourceResolution.Refused}. */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    public static ResourceResolution resolve(CatalogOperation op, ObjectNode input, String partition, String region,
                                             String account) {
        try {
            Target target = target(partition, region, account);
            if (!op.resourceScoped()) {
                return new ResourceResolution.Resolved(List.of(
                        new ResolvedResource("*", op.actions(), op.risk() != RiskClass.READ)));
            }
            Map<String, ResolvedResource> byArn = new LinkedHashMap<>();
            for (ResourceTemplate template : op.resources()) {
                List<String> arns = expand(ArnTemplate.parse(template.arn()), input, target, op);
                if (arns.isEmpty() && template.required()) {
                    return new ResourceResolution.Refused(op.service() + ":" + op.name() + " must name "
                            + placeholders(template.arn()) + ".");
                }
                for (String arn : arns) {
                    byArn.merge(arn, new ResolvedResource(arn, template.actions(), template.writes()),
                            ResourceResolver::merge);
                    if (byArn.size() > MAX_RESOURCES) {
                        throw new Refusal(op.service() + ":" + op.name() + " names more than " + MAX_RESOURCES
                                + " resources: split the call.");
                    }
                }
            }
            if (byArn.isEmpty() && !op.resources().isEmpty()) {
                return new ResourceResolution.Refused(op.service() + ":" + op.name() + " must name one of "
                        + op.resources().stream().map(t -> placeholders(t.arn())).toList() + ".");
            }
            return new ResourceResolution.Resolved(new ArrayList<>(byArn.values()));
        } catch (Refusal r) {
            return new ResourceResolution.Refused(r.getMessage());
        }
    }

    private static ResolvedResource merge(ResolvedResource a, ResolvedResource b) {
        List<String> actions = new ArrayList<>(a.actions());
        b.actions().stream().filter(x -> !actions.contains(x)).forEach(actions::add);
        return new ResolvedResource(a.arn(), actions, a.writes() || b.writes());
    }

    private static String placeholders(String arn) {
        List<String> names = new ArrayList<>();
        for (ArnTemplate.Part p : ArnTemplate.parse(arn).parts()) {
            if (p instanceof ArnTemplate.InputPath path) {
                names.add(path.steps().getFirst().name());
            }
        }
        return String.join(" and ", names);
    }

    private static Target target(String partition, String region, String account) {
        if (partition == null || !PARTITION.matcher(partition).matches()) {
            throw new Refusal("The target's partition is malformed.");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new Refusal("The target's region is malformed.");
        }
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new Refusal("The target's account is not a 12-digit account id.");
        }
        return new Target(partition, region, account);
    }

    private static List<String> expand(ArnTemplate template, ObjectNode input, Target target, CatalogOperation op) {
        List<StringBuilder> arns = new ArrayList<>();
        arns.add(new StringBuilder());
        for (ArnTemplate.Part part : template.parts()) {
            List<String> values = switch (part) {
                case ArnTemplate.Literal l -> List.of(l.text());
                case ArnTemplate.TargetValue t -> List.of(switch (t.name()) {
                    case "partition" -> target.partition();
                    case "region" -> target.region();
                    default -> target.account();
                });
                case ArnTemplate.InputPath path -> values(path, input, target, op);
            };
            if (values.isEmpty()) {
                return List.of();
            }
            List<StringBuilder> next = new ArrayList<>();
            for (StringBuilder prefix : arns) {
                for (String v : values) {
                    next.add(new StringBuilder(prefix).append(v));
                    if (next.size() > MAX_RESOURCES) {
                        throw new Refusal(op.service() + ":" + op.name() + " names more than " + MAX_RESOURCES
                                + " resources: split the call.");
                    }
                }
            }
            arns = next;
        }
        return arns.stream().map(StringBuilder::toString).distinct().toList();
    }

    private record At(JsonNode node, String key) {
    }

    private static List<String> values(ArnTemplate.InputPath path, ObjectNode input, Target target,
                                       CatalogOperation op) {
        List<At> current = List.of(new At(input, null));
        String member = "";
        for (ArnTemplate.Step step : path.steps()) {
            List<At> next = new ArrayList<>();
            for (At at : current) {
                if (!at.node().isObject()) {
                    throw new Refusal("Member " + member + " of " + op.service() + ":" + op.name()
                            + " must be a structure or map.");
                }
                if (step.eachKey()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = at.node().fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        next.add(new At(e.getValue(), e.getKey()));
                    }
                    continue;
                }
                JsonNode child = at.node().get(step.name());
                if (child == null || child.isNull()) {
                    continue;
                }
                if (step.eachElement()) {
                    if (!child.isArray()) {
                        throw new Refusal("Member " + step.name() + " of " + op.service() + ":" + op.name()
                                + " must be a list.");
                    }
                    child.forEach(element -> next.add(new At(element, null)));
                } else {
                    next.add(new At(child, null));
                }
            }
            member = step.eachKey() ? member : step.name();
            current = next;
        }
        boolean keys = path.steps().getLast().eachKey();
        List<String> out = new ArrayList<>();
        for (At at : current) {
            String raw;
            if (keys) {
                raw = at.key();
            } else if (at.node().isTextual()) {
                raw = at.node().asText();
            } else {
                throw new Refusal("Member " + member + " of " + op.service() + ":" + op.name() + " must be a string.");
            }
            String value = filter(path.filter(), raw, member, target, op);
            checkSafe(value, member, op);
            if (member.equals("Bucket")) {
                checkBucket(value, member, op);
            }
            if (!out.contains(value)) {
                out.add(value);
            }
        }
        return out;
    }

    private static String filter(String filter, String raw, String member, Target target, CatalogOperation op) {
        if (filter == null) {
            if (raw.startsWith("arn:")) {
                throw new Refusal("Member " + member + " of " + op.service() + ":" + op.name()
                        + " is an ARN: name the resource instead.");
            }
            return raw;
        }
        return switch (filter) {
            case "s3-copy-source" -> copySource(raw, member, op);
            case "sqs-queue-name" -> queueName(raw, member, target, op);
            case "ssm-parameter" -> ssmParameter(raw, member, op);
            case "logs-group" -> logGroup(raw, member, target, op);
            default -> throw new Refusal("The catalog names unknown filter " + filter + ".");
        };
    }

    /** {@code bucket/key?versionId=x} or {@code /bucket/key}, percent-encoded, to {@code bucket/key}. */
    private static String copySource(String raw, String member, CatalogOperation op) {
        String where = "Member " + member + " of " + op.service() + ":" + op.name();
        String value = raw;
        int question = value.indexOf('?');
        if (question >= 0) {
            String query = value.substring(question + 1);
            if (!query.matches("versionId=[A-Za-z0-9._%+-]+")) {
                throw new Refusal(where + " may only carry ?versionId=... after bucket/key.");
            }
            value = value.substring(0, question);
        }
        if (value.startsWith("/")) {
            value = value.substring(1);
        }
        if (value.startsWith("arn:")) {
            throw new Refusal(where + " names an access point ARN: name bucket/key instead.");
        }
        value = percentDecode(value, where);
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new Refusal(where + " must be bucket/key.");
        }
        checkBucket(value.substring(0, slash), member, op);
        return value;
    }

    /** {@code https://sqs.<region>.amazonaws.com/<account>/<name>} to the name, in the target's account only. */
    private static String queueName(String raw, String member, Target target, CatalogOperation op) {
        String where = "Member " + member + " of " + op.service() + ":" + op.name();
        java.net.URI uri;
        try {
            uri = new java.net.URI(raw);
        } catch (java.net.URISyntaxException e) {
            throw new Refusal(where + " is not a queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>).");
        }
        String scheme = uri.getScheme();
        String path = uri.getRawPath();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || path == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new Refusal(where + " is not a queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>).");
        }
        String[] segments = path.split("/", -1);
        if (segments.length < 3) {
            throw new Refusal(where + " is not a queue URL: it names no account and queue.");
        }
        String account = segments[segments.length - 2];
        String name = segments[segments.length - 1];
        if (!ACCOUNT.matcher(account).matches() || !QUEUE.matcher(name).matches()) {
            throw new Refusal(where + " is not a queue URL: it must end in /<12-digit account>/<queue name>.");
        }
        if (!account.equals(target.account())) {
            throw new Refusal(where + " names a queue in another account than the target's.");
        }
        return name;
    }

    /** {@code /demo/x} to {@code demo/x}, as parameter ARNs write it; a {@code :version} selector is dropped. */
    private static String ssmParameter(String raw, String member, CatalogOperation op) {
        String where = "Member " + member + " of " + op.service() + ":" + op.name();
        if (raw.startsWith("arn:")) {
            throw new Refusal(where + " is an ARN: name the parameter (/path/name) instead.");
        }
        String value = raw;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            String selector = value.substring(colon + 1);
            if (!selector.matches("[A-Za-z0-9_.-]{1,100}")) {
                throw new Refusal(where + " has a malformed :version or :label selector.");
            }
            value = value.substring(0, colon);
        }
        if (value.startsWith("/")) {
            value = value.substring(1);
        }
        if (value.isEmpty() || value.startsWith("/") || value.contains("//") || !SSM_NAME.matcher(value).matches()) {
            throw new Refusal(where + " is not a parameter name (letters, digits, _ . - and / between path parts).");
        }
        return value;
    }

    /** A log group name, or its ARN in the target's account and region, to the name. */
    private static String logGroup(String raw, String member, Target target, CatalogOperation op) {
        String where = "Member " + member + " of " + op.service() + ":" + op.name();
        String value = raw;
        if (value.startsWith("arn:")) {
            String prefix = "arn:" + target.partition() + ":logs:" + target.region() + ":" + target.account()
                    + ":log-group:";
            if (!value.startsWith(prefix)) {
                throw new Refusal(where + " names a log group outside the target's account and region.");
            }
            value = value.substring(prefix.length());
            if (value.endsWith(":*")) {
                value = value.substring(0, value.length() - 2);
            }
        }
        if (!LOG_GROUP.matcher(value).matches()) {
            throw new Refusal(where + " is not a log group name (letters, digits and _ . - / #).");
        }
        return value;
    }

    /** Wildcards and policy variables would widen the session policy; control characters forge audit lines. */
    private static void checkSafe(String value, String member, CatalogOperation op) {
        String where = "Member " + member + " of " + op.service() + ":" + op.name();
        if (value.isEmpty()) {
            throw new Refusal(where + " is empty.");
        }
        if (value.length() > 2048) {
            throw new Refusal(where + " is longer than an ARN may be.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '*' || c == '?') {
                throw new Refusal(where + " holds a wildcard (* or ?), which would widen the resource's ARN.");
            }
            if (c == '$' || c == '{' || c == '}') {
                throw new Refusal(where + " holds $, { or }, which IAM reads as a policy variable.");
            }
            if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                throw new Refusal(where + " holds a control character.");
            }
        }
    }

    private static void checkBucket(String bucket, String member, CatalogOperation op) {
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            throw new Refusal("Member " + member + " of " + op.service() + ":" + op.name()
                    + " is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens).");
        }
    }

    private static String percentDecode(String value, String where) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                if (i + 2 >= bytes.length) {
                    throw new Refusal(where + " has a malformed percent escape.");
                }
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new Refusal(where + " has a malformed percent escape.");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        byte[] decoded = out.toByteArray();
        String text = new String(decoded, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), decoded)) {
            throw new Refusal(where + " decodes to bytes that are not UTF-8.");
        }
        return text;
    }
}
