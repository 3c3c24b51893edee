package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.InputCheck;
import dev.airlock.awsapi.catalog.InputMember;
import dev.airlock.awsapi.catalog.WireProtocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The query protocols (STS: {@code query}; EC2: {@code ec2}): a form {@code Action=..&Version=..}
 * with lists flattened into numbered parameters ({@code InstanceId.1}, EC2; {@code Names.member.1},
 * query) and structures into dotted ones ({@code Filter.1.Value.2}). Every parameter must map to a
 * catalogued member; the rebuilt form lists them in one canonical order.
 */
public final class QueryProtocolCodec implements ProtocolCodec {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_LIST = 1000;

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,127}");
    private static final Pattern INDEX = Pattern.compile("[1-9][0-9]{0,3}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?([eE][-+]?[0-9]{1,4})?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public Optional<String> operationName(WireRequest request, CatalogService service) {
        FormParameters.Parsed parsed = parameters(request);
        if (parsed.refusal() != null) {
            return Optional.empty();
        }
        String action = parsed.parameters().get("Action");
        return action != null && OPERATION.matcher(action).matches() ? Optional.of(action) : Optional.empty();
    }

    @Override
    public WireDecoding decode(WireRequest request, CatalogService service, String target) {
        if (service.protocol() != WireProtocol.QUERY && service.protocol() != WireProtocol.EC2) {
            return invalid(service.service() + " does not speak the query protocol.");
        }
        if (!WireHeaders.isRoot(request.rawPath())) {
            return invalid(service.service() + " takes requests at /.");
        }
        Optional<String> headers = WireHeaders.check(request, Set.of());
        if (headers.isPresent()) {
            return invalid(headers.get());
        }
        if (request.method().equals("POST")) {
            if (!WireHeaders.mediaType(request).filter(FORM::equals).isPresent()) {
                return invalid(service.service() + " takes Content-Type: " + FORM + "; charset=utf-8.");
            }
            if (!request.rawQuery().isEmpty()) {
                return invalid("Send the parameters in the form body only, not also on the query string.");
            }
        } else if (request.method().equals("GET")) {
            if (request.body().length > 0) {
                return invalid("A GET request carries its parameters on the query string and no body.");
            }
        } else {
            return invalid(service.service() + " takes POST / with a form body.");
        }
        if (request.body().length > MAX_BODY_BYTES) {
            return invalid("The body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        FormParameters.Parsed parsed = parameters(request);
        if (parsed.refusal() != null) {
            return invalid(parsed.refusal());
        }
        Map<String, String> params = new LinkedHashMap<>(parsed.parameters());
        String action = params.remove("Action");
        String version = params.remove("Version");
        if (action == null || !OPERATION.matcher(action).matches()) {
            return invalid("The form needs Action=<Operation>.");
        }
        if (!service.apiVersion().equals(version)) {
            return invalid(service.service() + " takes Version=" + service.apiVersion() + ".");
        }
        Optional<CatalogOperation> op = service.operation(action);
        if (op.isEmpty()) {
            return new WireDecoding.Refused("UnknownOperation", AwsCatalog.howToAddText(service.service(), action));
        }
        ObjectNode input;
        try {
            input = new Reader(service.protocol(), op.get()).read(params);
        } catch (Refusal r) {
            return new WireDecoding.Refused("ValidationException", r.getMessage());
        }
        Optional<String> wrong = InputCheck.check(op.get(), input);
        if (wrong.isPresent()) {
            return new WireDecoding.Refused("ValidationException", wrong.get());
        }
        return new WireDecoding.Decoded(new AwsCall(target, service.service(), op.get().name(), input), op.get());
    }

    @Override
    public RebuiltRequest encode(AwsCall call, CatalogService service, CatalogOperation operation) {
        if (service.protocol() != WireProtocol.QUERY && service.protocol() != WireProtocol.EC2) {
            throw new IllegalArgumentException(service.service() + " does not speak the query protocol");
        }
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(new AbstractMap.SimpleImmutableEntry<>("Action", operation.name()));
        params.add(new AbstractMap.SimpleImmutableEntry<>("Version", service.apiVersion()));
        writeStructure(call.input(), operation.input(), "", service.protocol() == WireProtocol.EC2, params);
        return new RebuiltRequest("POST", "/", List.of(),
                Map.of("Content-Type", FORM + "; charset=utf-8"),
                FormParameters.encode(params).getBytes(StandardCharsets.UTF_8));
    }

    private static FormParameters.Parsed parameters(WireRequest request) {
        String form = request.method().equals("GET") ? request.rawQuery()
                : new String(request.body(), StandardCharsets.ISO_8859_1);
        return FormParameters.parse(form);
    }

    private static void writeStructure(JsonNode node, Map<String, InputMember> members, String prefix, boolean ec2,
                                       List<Map.Entry<String, String>> out) {
        for (InputMember member : new TreeMap<>(members).values()) {
            JsonNode value = node.get(member.name());
            if (value != null && !value.isNull()) {
                writeValue(value, member, prefix + member.wireName(), ec2, out);
            }
        }
    }

    private static void writeValue(JsonNode value, InputMember member, String name, boolean ec2,
                                   List<Map.Entry<String, String>> out) {
        switch (member.type()) {
            case LIST -> {
                if (value.isEmpty() && !ec2) {
                    out.add(new AbstractMap.SimpleImmutableEntry<>(name, ""));
                }
                int i = 1;
                for (JsonNode element : value) {
                    String at = name + (ec2 ? "." : ".member.") + i++;
                    if (member.members().isEmpty()) {
                        out.add(new AbstractMap.SimpleImmutableEntry<>(at, scalar(element)));
                    } else {
                        writeStructure(element, member.members(), at + ".", ec2, out);
                    }
                }
            }
            case STRUCTURE -> writeStructure(value, member.members(), name + ".", ec2, out);
            case MAP, ANY -> throw new IllegalArgumentException("Member " + member.name()
                    + " cannot be written as a form parameter");
            default -> out.add(new AbstractMap.SimpleImmutableEntry<>(name, scalar(value)));
        }
    }

    private static String scalar(JsonNode value) {
        if (value.isBigDecimal()) {
            return value.decimalValue().toString();
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        throw new IllegalArgumentException("A structure where the form takes a single value");
    }

    private static WireDecoding.Refused invalid(String reason) {
        return new WireDecoding.Refused("InvalidRequest", reason);
    }

    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The form's parameters as a tree of dotted names. */
    private static final class Node {
        String value;
        final Map<String, Node> children = new LinkedHashMap<>();
    }

    private record Reader(WireProtocol protocol, CatalogOperation op) {

        ObjectNode read(Map<String, String> params) {
            Node root = new Node();
            for (Map.Entry<String, String> p : params.entrySet()) {
                String[] segments = p.getKey().split("\\.", -1);
                Node node = root;
                for (String segment : segments) {
                    if (segment.isEmpty()) {
                        throw new Refusal("Parameter " + FormParameters.printable(p.getKey()) + " is malformed.");
                    }
                    if (node.value != null) {
                        throw clash(p.getKey());
                    }
                    node = node.children.computeIfAbsent(segment, s -> new Node());
                }
                if (!node.children.isEmpty()) {
                    throw clash(p.getKey());
                }
                node.value = p.getValue();
            }
            return structure(root, op.input(), "");
        }

        private Refusal clash(String name) {
            return new Refusal("Parameter " + FormParameters.printable(name)
                    + " is both a value and a prefix of other parameters.");
        }

        private ObjectNode structure(Node node, Map<String, InputMember> members, String path) {
            if (node.value != null) {
                throw new Refusal("Parameter " + FormParameters.printable(path.isEmpty() ? "?" : path.substring(0,
                        path.length() - 1)) + " must be a structure, not a value.");
            }
            Map<String, InputMember> byWire = new LinkedHashMap<>();
            members.values().forEach(m -> byWire.put(m.wireName(), m));
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, Node> child : node.children.entrySet()) {
                InputMember member = byWire.get(child.getKey());
                if (member == null) {
                    throw new Refusal("Unknown parameter " + FormParameters.printable(path + child.getKey()) + " for "
                            + op.service() + ":" + op.name() + ": the catalog does not know it, so Airlock does not "
                            + "pass it on.");
                }
                out.set(member.name(), value(child.getValue(), member, path + child.getKey()));
            }
            return out;
        }

        private JsonNode value(Node node, InputMember member, String path) {
            return switch (member.type()) {
                case LIST -> list(node, member, path);
                case STRUCTURE -> {
                    if (member.members().isEmpty()) {
                        throw new Refusal("Parameter " + FormParameters.printable(path)
                                + " cannot be read from a form: the catalog does not declare its members.");
                    }
                    yield structure(node, member.members(), path + ".");
                }
                case MAP, ANY -> throw new Refusal("Parameter " + FormParameters.printable(path)
                        + " cannot be read from a form.");
                default -> scalar(node, member.type(), path);
            };
        }

        private JsonNode scalar(Node node, InputMember.Type type, String path) {
            if (node.value == null || !node.children.isEmpty()) {
                throw new Refusal("Parameter " + FormParameters.printable(path) + " must be a single value.");
            }
            String v = node.value;
            String bad = "Parameter " + FormParameters.printable(path) + " must be ";
            return switch (type) {
                case INTEGER -> {
                    if (!INTEGER.matcher(v).matches()) {
                        throw new Refusal(bad + "an integer.");
                    }
                    try {
                        long n = Long.parseLong(v);
                        yield n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
                    } catch (NumberFormatException e) {
                        throw new Refusal(bad + "an integer.");
                    }
                }
                case NUMBER -> {
                    if (!NUMBER.matcher(v).matches()) {
                        throw new Refusal(bad + "a number.");
                    }
                    yield NODES.numberNode(new BigDecimal(v));
                }
                case BOOLEAN -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new Refusal(bad + "true or false.");
                    }
                    yield NODES.booleanNode(v.equals("true"));
                }
                default -> NODES.textNode(v);
            };
        }

        private ArrayNode list(Node node, InputMember member, String path) {
            Node items = node;
            if (protocol == WireProtocol.QUERY) {
                if (node.value != null && node.value.isEmpty() && node.children.isEmpty()) {
                    return NODES.arrayNode();
                }
                if (node.value != null || node.children.size() != 1 || !node.children.containsKey("member")) {
                    throw new Refusal("Parameter " + FormParameters.printable(path) + " must be a list: "
                            + path + ".member.1, " + path + ".member.2, ...");
                }
                items = node.children.get("member");
                path = path + ".member";
            }
            if (items.value != null || items.children.isEmpty()) {
                throw new Refusal("Parameter " + FormParameters.printable(path) + " must be a list: " + path + ".1, "
                        + path + ".2, ...");
            }
            if (items.children.size() > MAX_LIST) {
                throw new Refusal("Parameter " + FormParameters.printable(path) + " has more than " + MAX_LIST
                        + " elements.");
            }
            Node[] ordered = new Node[items.children.size()];
            for (Map.Entry<String, Node> e : items.children.entrySet()) {
                if (!INDEX.matcher(e.getKey()).matches()) {
                    throw new Refusal("Parameter " + FormParameters.printable(path + "." + e.getKey())
                            + " is not a list element: number elements 1, 2, 3, ...");
                }
                int i = Integer.parseInt(e.getKey());
                if (i > ordered.length || ordered[i - 1] != null) {
                    throw new Refusal("Parameter " + FormParameters.printable(path)
                            + " skips element numbers: number elements 1, 2, 3, ... without gaps.");
                }
                ordered[i - 1] = e.getValue();
            }
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < ordered.length; i++) {
                String at = path + "." + (i + 1);
                out.add(member.members().isEmpty() ? scalar(ordered[i], InputMember.Type.STRING, at)
                        : structure(ordered[i], member.members(), at + "."));
            }
            return out;
        }
    }
}
