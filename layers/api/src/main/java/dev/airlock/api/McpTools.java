package dev.airlock.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.awsapi.engine.AwsMaskedAnswer;
import dev.airlock.core.approval.ApprovalRefusedException;
import dev.airlock.core.approval.ApprovalService;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.Problem;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.RequestStatus;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.pipeline.ApprovalWait;
import dev.airlock.core.pipeline.ApprovedExecution;
import dev.airlock.core.pipeline.InboundRequest;
import dev.airlock.core.pipeline.PipelineOutcome;
import dev.airlock.core.pipeline.RequestIds;
import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.targets.Targets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The MCP tools, each a thin front on what the REST API runs: the same pipeline (policy,
 * approval, per-call credentials, masking, audit), called in process. Each call also leaves an
 * audit record of its own, protocol {@code mcp}, that names the tool and the request it produced.
 */
@ApplicationScoped
public class McpTools {
    static final String SQL_QUERY = "sql_query";
    static final String AWS_CALL = "aws_call";
    static final String LIST_TARGETS = "list_targets";
    static final String REQUEST_STATUS = "request_status";
    static final String COLLECT_APPROVED = "collect_approved";
    private static final String WAIT = "wait";
    static final String PROTOCOL = "mcp";
    private static final Logger LOG = Logger.getLogger(McpTools.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_TEXT_ROWS = 20;
    private static final int MAX_CELL = 40;

    @Inject
    RequestPipeline pipeline;

    @Inject
    ApprovalService approvals;

    @Inject
    PolicyEngine policy;

    @Inject
    Targets targets;

    @Inject
    AuditLog audit;

    private final Clock clock = Clock.systemUTC();
    private final RequestIds requestIds = new RequestIds(clock);

    /** What a tools/call came to. */
    sealed interface Call {
        /** A tool result (an error result too: a refusal is the tool's answer, not a protocol error). */
        record Answered(Map<String, Object> result) implements Call {
        }

        /** The arguments do not fit the tool (or no such tool): a JSON-RPC invalid-params error. */
        record BadArguments(String detail) implements Call {
        }
    }

    /** The tools this agent could ever use: SQL and AWS only where policy could permit a target of theirs. */
    List<Map<String, Object>> list(AgentIdentity agent) {
        Map<String, String> reach = reachable(agent);
        List<Map<String, Object>> tools = new ArrayList<>();
        if (reach.containsValue(SqlRequest.PROTOCOL)) {
            tools.add(sqlQuery(names(reach, SqlRequest.PROTOCOL)));
        }
        if (reach.containsValue(AwsEngine.PROTOCOL)) {
            tools.add(awsCall(names(reach, AwsEngine.PROTOCOL)));
        }
        tools.add(tool(LIST_TARGETS, "List targets", "Lists the targets (databases and AWS accounts) you may send "
                + "requests to, and the protocol each speaks: use a SQL target with sql_query and an AWS target "
                + "with aws_call. Policy still decides each request.", Map.of(), List.of(), true));
        tools.add(tool(REQUEST_STATUS, "Held request status", "Shows the state of a request held for a human's "
                + "approval (PENDING, APPROVED, DENIED, EXPIRED, EXECUTED), who must approve it and until when. "
                + "Nothing runs.", Map.of("requestId", Map.of("type", "string", "description",
                "The requestId a held sql_query or aws_call returned.")), List.of("requestId"), true));
        Map<String, Object> collect = new LinkedHashMap<>();
        collect.put("requestId", Map.of("type", "string", "description",
                "The requestId a held sql_query or aws_call returned."));
        collect.put("wait", Map.of("type", "integer", "minimum", 0, "maximum", ApprovalWait.MAX.toSeconds(),
                "description", "Seconds to wait for the decision while it is still pending (default 0)."));
        tools.add(tool(COLLECT_APPROVED, "Run an approved request", "Runs a held request once a human approved "
                + "it, exactly once, and returns its (masked) result; the stored request runs, nothing else. While "
                + "it is still pending this says so after waiting up to 'wait' seconds: try again later.", collect,
                List.of("requestId"), false));
        return tools;
    }

    private static Map<String, Object> sqlQuery(List<String> targets) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("target", Map.of("type", "string", "enum", targets, "description", "The database to run on."));
        props.put("sql", Map.of("type", "string", "description", "One SQL statement. Use ? placeholders for "
                + "values and pass them in params."));
        props.put("params", Map.of("type", "array", "description", "Values for the ? placeholders, in order.",
                "items", Map.of("type", List.of("string", "number", "boolean", "null"))));
        return tool(SQL_QUERY, "Run SQL", "Runs one SQL statement on a database target through Airlock, as you: "
                + "policy decides whether it may run, personal data in the result comes back masked (masked values "
                + "are not the real ones: do not guess or reconstruct them), and rows may be capped. A write or "
                + "delete may be held for a human's approval: then nothing runs yet, you get a requestId, and you "
                + "call collect_approved with it once approved.", props, List.of("target", "sql"), false);
    }

    private static Map<String, Object> awsCall(List<String> targets) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("target", Map.of("type", "string", "enum", targets, "description", "The AWS account target."));
        props.put("service", Map.of("type", "string", "description", "The service, as the AWS CLI names it: s3, "
                + "dynamodb, logs, ssm, sqs, ec2, sts, ..."));
        props.put("operation", Map.of("type", "string", "description", "The API operation, e.g. ListObjectsV2, "
                + "GetItem, FilterLogEvents."));
        props.put("input", Map.of("type", "object", "description", "The operation's input, shaped as for "
                + "'aws <service> <operation> --cli-input-json' (e.g. {\"Bucket\": \"name\"})."));
        return tool(AWS_CALL, "Call AWS", "Makes one AWS API call on an AWS account target through Airlock, with "
                + "short-lived credentials Airlock gets for this call only: policy decides whether it may run, and "
                + "personal data in the answer comes back masked. A change may be held for a human's approval: then "
                + "nothing runs yet, you get a requestId, and you call collect_approved with it once approved.",
                props, List.of("target", "service", "operation"), false);
    }

    private static Map<String, Object> tool(String name, String title, String description,
                                            Map<String, Object> properties, List<String> required, boolean readOnly) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", name);
        tool.put("title", title);
        tool.put("description", description);
        tool.put("inputSchema", schema);
        tool.put("annotations", Map.of("readOnlyHint", readOnly, "openWorldHint", false));
        return tool;
    }

    Call call(String name, ObjectNode args, AgentIdentity agent, String authorization, String sourceIp) {
        Instant receivedAt = clock.instant();
        return switch (name) {
            case SQL_QUERY -> checked(args, Set.of("target", "sql"), Set.of("params"), Map.of("params", "array"))
                    .<Call>map(Call.BadArguments::new)
                    .orElseGet(() -> audited(name, args, agent, sourceIp, receivedAt, () -> run(SqlRequest.PROTOCOL,
                            args, authorization, sourceIp)));
            case AWS_CALL -> checked(args, Set.of("target", "service", "operation"), Set.of("input"),
                    Map.of("input", "object"))
                    .<Call>map(Call.BadArguments::new)
                    .orElseGet(() -> audited(name, args, agent, sourceIp, receivedAt, () -> run(AwsEngine.PROTOCOL,
                            args, authorization, sourceIp)));
            case LIST_TARGETS -> checked(args, Set.of(), Set.of(), Map.of()).<Call>map(Call.BadArguments::new)
                    .orElseGet(() -> {
                        Map<String, Object> result = listTargets(agent);
                        record(name, "", agent, sourceIp, receivedAt, RequestStatus.COMPLETED, Optional.empty(),
                                "mcp tools/call " + name);
                        return new Call.Answered(result);
                    });
            case REQUEST_STATUS -> requestId(args).<Call>map(Call.BadArguments::new)
                    .orElseGet(() -> {
                        String id = args.get("requestId").asText();
                        Map<String, Object> result = status(id, agent);
                        boolean found = !Boolean.TRUE.equals(result.get("isError"));
                        record(name, "", agent, sourceIp, receivedAt, found ? RequestStatus.COMPLETED
                                : RequestStatus.REJECTED, found ? Optional.empty() : Optional.of(ProblemKind.NOT_FOUND),
                                "mcp tools/call " + name + " of request " + id);
                        return new Call.Answered(result);
                    });
            case COLLECT_APPROVED -> requestId(args, Set.of(WAIT)).or(() -> waitProblem(args))
                    .<Call>map(Call.BadArguments::new)
                    .orElseGet(() -> audited(name, args, agent, sourceIp, receivedAt, () -> pipeline.executeApproved(
                            new ApprovedExecution(args.get("requestId").asText(), Optional.ofNullable(authorization),
                                    Optional.ofNullable(sourceIp), waitOf(args)))));
            default -> new Call.BadArguments("There is no tool '" + printable(name) + "'; tools/list names them.");
        };
    }

    /** A problem with the arguments, or empty when they fit: required strings, known names, typed extras. */
    private static Optional<String> checked(ObjectNode args, Set<String> requiredStrings, Set<String> optional,
                                            Map<String, String> optionalTypes) {
        for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!requiredStrings.contains(field) && !optional.contains(field)) {
                return Optional.of("Unknown argument '" + printable(field) + "'.");
            }
        }
        for (String field : requiredStrings) {
            JsonNode value = args.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return Optional.of("Argument '" + field + "' is required, as a non-empty string.");
            }
        }
        for (Map.Entry<String, String> typed : optionalTypes.entrySet()) {
            JsonNode value = args.get(typed.getKey());
            if (value != null && !value.isNull() && !(typed.getValue().equals("array") ? value.isArray()
                    : value.isObject())) {
                return Optional.of("Argument '" + typed.getKey() + "' must be an " + typed.getValue() + ".");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> requestId(ObjectNode args) {
        return requestId(args, Set.of());
    }

    private static Optional<String> requestId(ObjectNode args, Set<String> optional) {
        Optional<String> shape = checked(args, Set.of("requestId"), optional, Map.of());
        if (shape.isPresent()) {
            return shape;
        }
        return REQUEST_ID.matcher(args.get("requestId").asText()).matches() ? Optional.empty()
                : Optional.of("Argument 'requestId' is not a request id.");
    }

    /** A wait is a whole number of seconds within the REST API's bounds, refused rather than quietly changed. */
    private static Optional<String> waitProblem(ObjectNode args) {
        JsonNode wait = args.get(WAIT);
        if (wait == null || wait.isNull()) {
            return Optional.empty();
        }
        boolean fits = wait.isIntegralNumber() && wait.canConvertToLong() && wait.asLong() >= 0
                && wait.asLong() <= ApprovalWait.MAX.toSeconds();
        return fits ? Optional.empty() : Optional.of("Argument " + ApprovalWait.RULE);
    }

    private static ApprovalWait waitOf(ObjectNode args) {
        JsonNode wait = args.get(WAIT);
        return wait == null || wait.isNull() ? ApprovalWait.NONE : new ApprovalWait(Duration.ofSeconds(wait.asLong()));
    }

    /** The REST API's own body for the protocol's engine, decoded and limited by it as a REST body is. */
    private PipelineOutcome run(String protocol, ObjectNode args, String authorization, String sourceIp) {
        String body;
        try {
            body = JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("arguments parsed as JSON could not be written back", e);
        }
        return pipeline.handle(InboundRequest.of(protocol, authorization, body, sourceIp));
    }

    /** Runs the tool, then records the MCP call beside the request it produced. */
    private Call audited(String tool, ObjectNode args, AgentIdentity agent, String sourceIp, Instant receivedAt,
                         java.util.function.Supplier<PipelineOutcome> run) {
        PipelineOutcome outcome = run.get();
        Map<String, Object> result = result(outcome);
        record(tool, args.path("target").asText(""), agent, sourceIp, receivedAt, outcome);
        return new Call.Answered(result);
    }

    private void record(String tool, String target, AgentIdentity agent, String sourceIp, Instant receivedAt,
                        PipelineOutcome outcome) {
        String produced = switch (outcome) {
            case PipelineOutcome.Completed c -> c.requestId();
            case PipelineOutcome.PendingApproval p -> p.requestId();
            case PipelineOutcome.Refused r -> r.requestId();
        };
        RequestStatus status = switch (outcome) {
            case PipelineOutcome.Completed c -> RequestStatus.COMPLETED;
            case PipelineOutcome.PendingApproval p -> RequestStatus.PENDING_APPROVAL;
            case PipelineOutcome.Refused r -> r.problem().kind() == ProblemKind.POLICY_DENIED ? RequestStatus.DENIED
                    : RequestStatus.REJECTED;
        };
        Optional<ProblemKind> problem = outcome instanceof PipelineOutcome.Refused r ? Optional.of(r.problem().kind())
                : Optional.empty();
        record(tool, target, agent, sourceIp, receivedAt, status, problem,
                "mcp tools/call " + tool + " -> request " + (produced == null ? "(none)" : produced));
    }

    /** The tool call's own record: protocol mcp, kind mcp:<tool>, and what it came to. */
    private void record(String tool, String target, AgentIdentity agent, String sourceIp, Instant receivedAt,
                        RequestStatus status, Optional<ProblemKind> problem, String detail) {
        String requestId = requestIds.next();
        try {
            AuditIntent.Builder intent = AuditIntent.builder(requestId, receivedAt).agent(agent)
                    .facts(new RequestFacts(PROTOCOL, printable(target), "tools/call", PROTOCOL + ":" + tool,
                            RiskClass.READ, List.of(), List.of(), List.of()));
            if (!target.isBlank()) {
                intent.target(printable(target));
            }
            if (sourceIp != null) {
                intent.sourceIp(sourceIp);
            }
            audit.recordIntent(intent.build());
            Instant now = clock.instant();
            audit.recordOutcome(new AuditOutcome(requestId, now, status, Duration.between(receivedAt, now).toMillis(),
                    Optional.empty(), Optional.empty(), Map.of(), problem,
                    Optional.of(detail)));
        } catch (RuntimeException e) {
            // A request a tool produced is audited by the pipeline; only this cross-reference is missing.
            LOG.errorf("mcp tools/call %s by %s (%s) was not recorded: %s", tool, agent.agentId(), detail,
                    e.toString());
        }
    }

    private Map<String, Object> result(PipelineOutcome outcome) {
        return switch (outcome) {
            case PipelineOutcome.Completed completed -> completed(completed);
            case PipelineOutcome.PendingApproval pending -> pending(pending);
            case PipelineOutcome.Refused refused -> refusal(ApiResponses.problem(refused.problem(), McpResource.PATH,
                    refused.requestId()).getEntity());
        };
    }

    private static Map<String, Object> completed(PipelineOutcome.Completed completed) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("requestId", completed.requestId());
        structured.putAll(completed.response().body());
        if (completed.response() instanceof AwsMaskedAnswer answer && answer.isError()) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", AwsJsonResource.AWS_ERROR_TYPE);
            problem.put("title", "AWS refused the call");
            problem.put("status", answer.status());
            problem.put("detail", "AWS answered HTTP " + answer.status() + "; the output holds its error, masked.");
            problem.put("requestId", completed.requestId());
            answer.awsRequestId().ifPresent(id -> problem.put("awsRequestId", id));
            problem.put("output", answer.body().get("output"));
            return refusal(problem);
        }
        String text = structured.containsKey("columns") && structured.get("rows") instanceof List<?> rows
                ? table(structured, rows) : "Request " + completed.requestId() + " completed (values masked where "
                + "policy says). Result:\n" + json(completed.response().body());
        return toolResult(text, structured, false);
    }

    private Map<String, Object> pending(PipelineOutcome.PendingApproval pending) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("requestId", pending.requestId());
        structured.put("status", "PENDING_APPROVAL");
        structured.put("expiresAt", pending.expiresAt().toString());
        structured.put("policies", pending.policyIds());
        List<Map<String, Object>> approvers = new ArrayList<>();
        try {
            approvals.get(pending.requestId()).pending().approvals().forEach(r -> approvers.add(Map.of("group",
                    r.group(), "approvals", r.approvals())));
        } catch (RuntimeException e) {
            // The hold itself succeeded; who approves is a courtesy.
        }
        structured.put("approvers", approvers);
        structured.put("next", "Call collect_approved with this requestId once a human approved it; "
                + "request_status shows where it stands.");
        String who = approvers.isEmpty() ? "an approver" : approvers.stream()
                .map(a -> a.get("approvals") + " approval(s) from group '" + a.get("group") + "'").toList().toString();
        String text = "Held for a human's approval; nothing ran. Request " + pending.requestId() + " needs " + who
                + " before " + pending.expiresAt() + ". Call collect_approved with requestId " + pending.requestId()
                + " once it is approved (request_status shows where it stands).";
        return toolResult(text, structured, false);
    }

    private static Map<String, Object> refusal(Object problemBody) {
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = new LinkedHashMap<>((Map<String, Object>) problemBody);
        String text = problem.get("title") + ": " + problem.get("detail") + " (type " + problem.get("type")
                + (problem.get("requestId") == null ? "" : ", requestId " + problem.get("requestId")) + ")";
        return toolResult(text, problem, true);
    }

    private Map<String, Object> listTargets(AgentIdentity agent) {
        List<Map<String, Object>> list = reachable(agent).entrySet().stream()
                .map(e -> Map.<String, Object>of("name", e.getKey(), "protocol", e.getValue(), "tool",
                        e.getValue().equals(AwsEngine.PROTOCOL) ? AWS_CALL : SQL_QUERY)).toList();
        StringBuilder text = new StringBuilder(list.isEmpty() ? "No target is open to you." : "Targets:");
        list.forEach(t -> text.append("\n- ").append(t.get("name")).append(" (").append(t.get("protocol"))
                .append(", use ").append(t.get("tool")).append(")"));
        return toolResult(text.toString(), Map.of("targets", list), false);
    }

    private Map<String, Object> status(String requestId, AgentIdentity agent) {
        try {
            ApprovalRecord record = approvals.get(requestId);
            if (!approvals.visibleTo(record, agent.agentId())) {
                throw new ApprovalRefusedException(ProblemKind.NOT_FOUND, "No request " + requestId
                        + " is held for approval for '" + agent.agentId() + "'.");
            }
            Map<String, Object> body = RequestsResource.body(record);
            String text = "Request " + requestId + " is " + record.state().name() + " (approvals so far: "
                    + body.get("progress") + "; expires " + body.get("expiresAt") + ")."
                    + (record.state().name().equals("APPROVED") ? " Call collect_approved to run it." : "");
            return toolResult(text, body, false);
        } catch (ApprovalRefusedException e) {
            return refusal(ApiResponses.problem(Problem.of(e.kind(), e.getMessage()), McpResource.PATH, null)
                    .getEntity());
        }
    }

    /** The targets policy could ever let this agent touch, with their protocols; none when unsure. */
    private Map<String, String> reachable(AgentIdentity agent) {
        Map<String, String> all = new TreeMap<>();
        for (String name : targets.names()) {
            targets.find(name).ifPresent(t -> all.put(name, t.protocol()));
        }
        Set<String> permitted;
        try {
            permitted = policy.targetsEverPermitted(agent.agentId(), all);
        } catch (RuntimeException e) {
            LOG.warnf("could not tell which targets %s may reach; showing none: %s", agent.agentId(), e.toString());
            permitted = Set.of();
        }
        Map<String, String> reach = new TreeMap<>();
        for (String name : permitted) {
            if (all.containsKey(name)) {
                reach.put(name, all.get(name));
            }
        }
        return reach;
    }

    private static List<String> names(Map<String, String> reach, String protocol) {
        return reach.entrySet().stream().filter(e -> e.getValue().equals(protocol)).map(Map.Entry::getKey).toList();
    }

    private static Map<String, Object> toolResult(String text, Map<String, Object> structured, boolean isError) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("content", List.of(Map.of("type", "text", "text", text)));
        result.put("structuredContent", structured);
        result.put("isError", isError);
        return result;
    }

    /** A short text table of the first rows, for a model that reads text; the rows themselves are structured. */
    private static String table(Map<String, Object> structured, List<?> rows) {
        StringBuilder text = new StringBuilder();
        if (structured.get("columns") instanceof List<?> columns && !columns.isEmpty()) {
            text.append(String.join(" | ", columns.stream().map(McpTools::cell).toList())).append('\n');
        }
        rows.stream().limit(MAX_TEXT_ROWS).forEach(row -> {
            List<?> cells = row instanceof List<?> l ? l : List.of(row);
            text.append(String.join(" | ", cells.stream().map(McpTools::cell).toList())).append('\n');
        });
        if (rows.size() > MAX_TEXT_ROWS) {
            text.append("... ").append(rows.size() - MAX_TEXT_ROWS).append(" more rows in structuredContent\n");
        }
        text.append(rows.size()).append(" row(s), request ").append(structured.get("requestId"))
                .append("; personal data is masked (masked: ").append(json(structured.get("masked"))).append(")");
        if (structured.get("rowsAffected") != null) {
            text.append("; rows affected: ").append(structured.get("rowsAffected"));
        }
        if (Boolean.TRUE.equals(structured.get("truncated"))) {
            text.append("; truncated at the row cap");
        }
        return text.toString();
    }

    private static String cell(Object value) {
        String text = String.valueOf(value);
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL) + "..." : text;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** A name from the caller, safe to echo and record: printable, bounded. */
    static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
