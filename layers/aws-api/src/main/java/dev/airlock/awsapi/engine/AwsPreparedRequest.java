package dev.airlock.awsapi.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.AwsAnswer;
import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.mask.AwsAnswerMasker;
import dev.airlock.awsapi.wire.RebuiltRequest;
import dev.airlock.awsapi.wire.WireDecoder;
import dev.airlock.core.engine.ExecutionRequest;
import dev.airlock.core.engine.Execution;
import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.AccessGrant;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.PolicyCheck;
import dev.airlock.core.port.TargetUnavailableException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An AWS call read for one account: its facts, one policy check per resource, the grants its STS
 * session allows, and how to run it. What runs is the request rebuilt from {@link AwsCall}, never
 * the agent's bytes.
 */
final class AwsPreparedRequest implements PreparedRequest {
    private final AwsCall call;
    private final CatalogService service;
    private final CatalogOperation operation;
    private final AwsAccount account;
    private final AwsClassification classification;
    private final WireDecoder codecs;
    private final AwsAnswerMasker masker;
    private final UnaryOperator<String> maskText;

    AwsPreparedRequest(AwsCall call, CatalogService service, CatalogOperation operation, AwsAccount account,
                       WireDecoder codecs, AwsAnswerMasker masker, UnaryOperator<String> maskText) {
        this.call = call;
        this.service = service;
        this.operation = operation;
        this.account = account;
        this.codecs = codecs;
        this.masker = masker;
        this.maskText = maskText;
        this.classification = AwsClassifier.classify(operation, call, account);
    }

    @Override
    public HeldOperation held() {
        return AwsEngine.held(call);
    }

    @Override
    public RequestFacts facts() {
        List<String> all = new ArrayList<>();
        List<String> read = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (AwsClassification.Resource resource : classification.resources()) {
            all.add(resource.arn());
            (resource.writes() ? written : read).add(resource.arn());
        }
        return new RequestFacts(AwsEngine.PROTOCOL, call.target(), operation.name(), operation.policyAction(),
                classification.risk(), all, read, written);
    }

    @Override
    public List<PolicyCheck> policyChecks() {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("target", call.target());
        base.put("service", service.service());
        base.put("operation", operation.name());
        base.put("region", account.region());
        base.put("risk", classification.risk().name().toLowerCase(Locale.ROOT));
        base.put("readOnly", classification.risk() == RiskClass.READ);
        Set<String> arns = new LinkedHashSet<>();
        classification.resources().forEach(r -> arns.add(r.arn()));
        base.put("arns", List.copyOf(arns));
        base.putAll(classification.facts());
        List<PolicyCheck> checks = new ArrayList<>();
        if (classification.resources().isEmpty()) {
            Map<String, Object> context = new LinkedHashMap<>(base);
            context.put("resourceArn", "");
            context.put("access", classification.risk() == RiskClass.READ ? "read" : "write");
            checks.add(new PolicyCheck(operation.policyAction(),
                    new PolicyCheck.Resource("Target", call.target()), context, Optional.empty()));
        }
        for (AwsClassification.Resource resource : classification.resources()) {
            Map<String, Object> context = new LinkedHashMap<>(base);
            context.put("resourceArn", resource.arn());
            context.put("access", resource.writes() ? "write" : "read");
            checks.add(new PolicyCheck(operation.policyAction(),
                    new PolicyCheck.Resource("AwsResource", resource.arn()), context, Optional.empty()));
        }
        return checks;
    }

    @Override
    public Optional<String> unreadableReason() {
        return classification.unreadable();
    }

    /** Calls that need no session at all: Airlock answers them itself. */
    @Override
    public List<AccessGrant> grants() {
        return answeredByAirlock() ? List.of() : classification.grants();
    }

    private boolean answeredByAirlock() {
        return service.service().equals("sts") && operation.name().equals("GetCallerIdentity");
    }

    @Override
    public String canonicalForm(String agentId) {
        ArrayNode form = AwsCallJson.JSON.createArrayNode();
        form.add(AwsEngine.PROTOCOL).add(agentId).add(call.target()).add(service.service()).add(operation.name())
                .add(AwsCallJson.sorted(call.input()));
        return form.toString();
    }

    @Override
    public MaskedSummary summary(PolicyDecision decision) {
        return AwsEngine.summary(call, classification.resources().stream().map(AwsClassification.Resource::arn)
                .toList(), maskText, maskText);
    }

    @Override
    public Execution execute(TargetCredentials credentials, ExecutionRequest request) {
        if (answeredByAirlock()) {
            return new Execution.Ran(new AwsExecuted(callerIdentity(request), service, operation, masker));
        }
        RebuiltRequest rebuilt = codecs.encode(call);
        try {
            AwsAnswer answer = account.sender().send(rebuilt, service.signingName(), account.region(), credentials);
            return new Execution.Ran(new AwsExecuted(answer, service, operation, masker));
        } catch (TargetUnavailableException e) {
            return new Execution.Failed(Problem.of(ProblemKind.TARGET_UNAVAILABLE, e.getMessage()));
        }
    }

    /** The agent's own identity, answered by Airlock: the agent holds no AWS identity of its own. */
    private AwsAnswer callerIdentity(ExecutionRequest request) {
        String arn = "arn:" + account.partition() + ":sts::" + account.accountId() + ":assumed-role/"
                + account.roleArn().substring(account.roleArn().lastIndexOf('/') + 1) + "/" + request.agentId();
        String xml = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>" + AwsErrorShapes.escape(arn) + "</Arn><UserId>airlock:"
                + AwsErrorShapes.escape(request.agentId()) + "</UserId><Account>" + account.accountId()
                + "</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>"
                + AwsErrorShapes.escape(request.requestId()) + "</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>";
        return new AwsAnswer(200, Map.of("content-type", List.of("text/xml"), "x-amzn-requestid",
                List.of(request.requestId())), xml.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> leaves(String prefix, JsonNode node, UnaryOperator<String> mask) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> out.addAll(leaves(prefix.isEmpty() ? e.getKey()
                    : prefix + "." + e.getKey(), e.getValue(), mask)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(leaves(prefix + "[" + i + "]", node.get(i), mask));
            }
        } else {
            out.add(prefix + "=" + mask.apply(node.asText()));
        }
        return out;
    }
}
