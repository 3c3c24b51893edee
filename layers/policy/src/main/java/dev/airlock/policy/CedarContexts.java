package dev.airlock.policy;

import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.DateTime;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.airlock.core.model.AgentIdentity;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds the Cedar context records the schema declares ({@code SqlContext}, {@code AwsContext})
 * from the facts each engine puts in its checks.
 * Extension values (datetime, ipaddr) cost Cedar far more to read than strings and numbers,
 * so they are sent only when some policy names them; a policy that does not mention a field
 * cannot read it.
 */
final class CedarContexts {
    private final boolean datetimes;
    private final boolean sourceIp;

    private CedarContexts(boolean datetimes, boolean sourceIp) {
        this.datetimes = datetimes;
        this.sourceIp = sourceIp;
    }

    /** Contexts for these policy texts: with the extension values only if one of them names them. */
    static CedarContexts forPolicies(java.util.Collection<String> policySources) {
        boolean datetimes = policySources.stream().anyMatch(p -> p.contains("issuedAt") || p.contains("expiresAt")
                || p.contains("now"));
        boolean sourceIp = policySources.stream().anyMatch(p -> p.contains("sourceIp"));
        return new CedarContexts(datetimes, sourceIp);
    }

    /**
     * The Cedar context for one check: the engine's facts (strings, numbers, booleans and
     * collections of strings, the latter as sorted sets) plus the token and the request's time
     * and origin, which every context in the schema carries.
     */
    Map<String, Value> of(Map<String, Object> facts, AgentIdentity agent, Instant now, Optional<String> sourceIp) {
        Map<String, Value> context = new LinkedHashMap<>();
        facts.forEach((name, value) -> context.put(name, value(value)));
        context.put("token", token(agent, now));
        context.put("request", request(now, sourceIp));
        return context;
    }

    private static Value value(Object value) {
        return switch (value) {
            case String s -> new PrimString(s);
            case Boolean b -> new PrimBool(b);
            case Long l -> new PrimLong(l);
            case Integer i -> new PrimLong(i);
            case Collection<?> c -> strings(c.stream().map(String::valueOf).toList());
            default -> throw new IllegalArgumentException("no Cedar value for a " + value.getClass().getSimpleName());
        };
    }

    private Value token(AgentIdentity agent, Instant now) {
        Map<String, Value> token = new LinkedHashMap<>();
        token.put("tokenId", new PrimString(agent.tokenId()));
        if (datetimes) {
            token.put("issuedAt", datetime(agent.tokenIssuedAt()));
            token.put("expiresAt", datetime(agent.tokenExpiresAt()));
        }
        token.put("secondsLeft", new PrimLong(Math.max(0, Duration.between(now, agent.tokenExpiresAt()).toSeconds())));
        return new CedarMap(token);
    }

    private Value request(Instant now, Optional<String> ip) {
        Map<String, Value> request = new LinkedHashMap<>();
        if (datetimes) {
            request.put("now", datetime(now));
        }
        var utc = now.atOffset(ZoneOffset.UTC);
        request.put("hourUtc", new PrimLong(utc.getHour()));
        DayOfWeek day = utc.getDayOfWeek();
        request.put("dayOfWeek", new PrimString(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)));
        if (sourceIp) {
            ip.flatMap(CedarContexts::ipAddress).ifPresent(address -> request.put("sourceIp", address));
        }
        return new CedarMap(request);
    }

    private static Optional<Value> ipAddress(String ip) {
        try {
            return Optional.of(new IpAddress(ip));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private static Value datetime(Instant instant) {
        return new DateTime(instant.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static CedarList strings(Collection<String> values) {
        List<Value> list = new ArrayList<>();
        new TreeSet<>(values).forEach(v -> list.add(new PrimString(v)));
        return new CedarList(list);
    }
}
