package dev.airlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What moto_server holds now, from {@code GET /moto-api/data.json} (every backend's models by
 * service, then model name). STS keeps each AssumeRole there as {@code sts.AssumedRole[]}, with
 * {@code role_arn}, {@code session_name} and {@code policy}, the session policy exactly as sent
 * (a JSON string, or null without one): a test proves "the session policy is exactly X" with it.
 * The entries also hold the session's keys, which this class never reads.
 */
public final class MotoState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MotoApi api;

    private MotoState(MotoApi api) {
        this.api = api;
    }

    public static MotoState of(URI endpoint) {
        return new MotoState(new MotoApi(endpoint));
    }

    public static MotoState of(MotoServer moto) {
        return of(moto.endpoint());
    }

    /** One AssumeRole moto answered: the role, the session name and the session policy, if any. */
    public record AssumedRole(String roleArn, String sessionName, Optional<String> sessionPolicy) {
        /** The session policy parsed, for comparing documents rather than strings. */
        public Optional<JsonNode> sessionPolicyJson() {
            return sessionPolicy.map(policy -> {
                try {
                    return JSON.readTree(policy);
                } catch (IOException e) {
                    throw new UncheckedIOException("the session policy is not JSON: " + policy, e);
                }
            });
        }
    }

    /** Every AssumeRole since moto started (or since {@code /moto-api/reset}), in order. */
    public List<AssumedRole> assumedRoles() {
        List<AssumedRole> roles = new ArrayList<>();
        for (JsonNode role : data().path("sts").path("AssumedRole")) {
            JsonNode policy = role.path("policy");
            roles.add(new AssumedRole(role.path("role_arn").asText(), role.path("session_name").asText(),
                    policy.isTextual() ? Optional.of(policy.asText()) : Optional.empty()));
        }
        return roles;
    }

    /** The session policies of every AssumeRole, in order ({@code null}-free: sessions without one are left out). */
    public List<String> assumedRolePolicies() {
        return assumedRoles().stream().flatMap(r -> r.sessionPolicy().stream()).toList();
    }

    /** The whole of data.json, for what this class does not name yet. */
    public JsonNode data() {
        try {
            return JSON.readTree(api.get("/moto-api/data.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("moto's data.json is not JSON", e);
        }
    }
}
