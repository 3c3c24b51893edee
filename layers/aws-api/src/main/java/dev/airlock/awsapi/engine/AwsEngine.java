package dev.airlock.awsapi.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.InputCheck;
import dev.airlock.awsapi.catalog.WireProtocol;
import dev.airlock.awsapi.wire.RestXmlCodec;
import dev.airlock.awsapi.mask.AwsAnswerMasker;
import dev.airlock.awsapi.wire.WireDecoder;
import dev.airlock.core.engine.Decoding;
import dev.airlock.core.engine.Engine;
import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.Operation;
import dev.airlock.core.engine.PreparedRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The AWS API engine: reads calls in Airlock's JSON form ({@code POST /v1/aws}, and every SDK wire
 * request once its codec has read it), checks them against the curated catalog, classifies them
 * into resources and IAM actions, runs the request rebuilt from that reading, and masks answers.
 */
public final class AwsEngine implements Engine<AwsAccount> {
    public static final String PROTOCOL = "aws";
    static final String HELD_SERVICE = "service";
    static final String HELD_OPERATION = "operation";
    static final String HELD_INPUT = "input";
    private static final String MASKED = "****";

    private final AwsCatalog catalog;
    private final WireDecoder codecs;
    private final AwsAnswerMasker masker;
    private final UnaryOperator<String> maskText;

    /**
     * @param codecs   the wire codecs over the catalog
     * @param maskText masks the detectors' findings in a text (the summaries approvers and the audit trail read)
     */
    public AwsEngine(WireDecoder codecs, AwsAnswerMasker masker, UnaryOperator<String> maskText) {
        this.codecs = Objects.requireNonNull(codecs, "codecs");
        this.catalog = codecs.catalog();
        this.masker = Objects.requireNonNull(masker, "masker");
        this.maskText = Objects.requireNonNull(maskText, "maskText");
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    public AwsCatalog catalog() {
        return catalog;
    }

    public WireDecoder codecs() {
        return codecs;
    }

    @Override
    public Decoding decode(String body) {
        try {
            return checked(AwsCallJson.parse(body));
        } catch (IllegalArgumentException e) {
            return new Decoding.Malformed(e.getMessage());
        }
    }

    @Override
    public Decoding decode(HeldOperation held) {
        if (!PROTOCOL.equals(held.protocol()) || !(held.input().get(HELD_SERVICE) instanceof String service)
                || !(held.input().get(HELD_OPERATION) instanceof String operation)
                || !(held.input().get(HELD_INPUT) instanceof String input)) {
            return new Decoding.Malformed("The held request is not an AWS call.");
        }
        try {
            JsonNode tree = AwsCallJson.JSON.readTree(input);
            if (!(tree instanceof ObjectNode object)) {
                return new Decoding.Malformed("The held AWS call's input is not an object.");
            }
            return checked(new AwsCall(held.target(), service, operation, object));
        } catch (IOException e) {
            return new Decoding.Malformed("The held AWS call's input is not valid JSON.");
        }
    }

    /** Airlock's own form of a call, as held requests store it. */
    public static HeldOperation held(AwsCall call) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(HELD_SERVICE, call.service());
        fields.put(HELD_OPERATION, call.operation());
        fields.put(HELD_INPUT, AwsCallJson.sorted(call.input()).toString());
        return new HeldOperation(PROTOCOL, call.target(), fields);
    }

    private Decoding checked(AwsCall call) {
        Optional<String> never = catalog.neverProxied(call.service(), call.operation());
        if (never.isPresent()) {
            return new Decoding.Malformed("Airlock never proxies " + call.service() + " " + call.operation()
                    + " for agents: " + never.get());
        }
        Optional<CatalogOperation> operation = catalog.operation(call.service(), call.operation());
        if (operation.isEmpty()) {
            return new Decoding.Malformed(catalog.howToAdd(call.service(), call.operation()));
        }
        Optional<String> invalid = InputCheck.check(operation.get(), call.input());
        if (invalid.isEmpty() && catalog.service(call.service()).map(CatalogService::protocol)
                .filter(WireProtocol.REST_XML::equals).isPresent()) {
            // JSON API calls get no further than the wire could carry them (no header injection, S3 names).
            invalid = RestXmlCodec.checkForWire(operation.get(), call.input());
        }
        return invalid.<Decoding>map(Decoding.Malformed::new).orElseGet(() -> new Decoding.Decoded(call));
    }

    @Override
    public MaskedSummary blindSummary(Operation operation) {
        return summary((AwsCall) operation, List.of(), value -> MASKED, UnaryOperator.identity());
    }

    @Override
    public PreparedRequest prepare(Operation operation, AwsAccount account) {
        AwsCall call = (AwsCall) operation;
        CatalogService service = catalog.service(call.service()).orElseThrow();
        CatalogOperation catalogued = service.operation(call.operation()).orElseThrow();
        return new AwsPreparedRequest(call, service, catalogued, account, codecs, masker, maskText);
    }

    /** The call as approvers and the audit trail read it: the operation, its resources and its input, masked. */
    static MaskedSummary summary(AwsCall call, List<String> resources, UnaryOperator<String> maskValue,
                                 UnaryOperator<String> maskText) {
        String text = "aws " + call.service() + " " + call.operation()
                + (resources.isEmpty() ? "" : " on " + String.join(", ", resources));
        List<String> values = new ArrayList<>(AwsPreparedRequest.leaves("", call.input(), maskValue));
        return new MaskedSummary(maskText.apply(text), values);
    }
}
