package dev.airlock.core.pipeline;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

import java.util.Locale;
import java.util.Optional;

/** Stage 1: the request must carry a valid, unexpired gateway token. */
final class Authenticate implements Stage {
    private static final String SCHEME = "bearer ";
    private static final String FIX = " Get a fresh gateway token (locally: ./airlock token --agent <agent-id>)"
            + " and send it as 'Authorization: Bearer <token>'.";

    private final TokenVerifier tokens;

    Authenticate(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    @Override
    public StageResult apply(RequestState state) {
        Optional<String> header = state.inbound().authorization().map(String::strip).filter(h -> !h.isEmpty());
        if (header.isEmpty()) {
            return state.refuse(ProblemKind.UNAUTHENTICATED, "The request has no token." + FIX);
        }
        String value = header.get();
        if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return state.refuse(ProblemKind.UNAUTHENTICATED, "The Authorization header is not a Bearer token." + FIX);
        }
        try {
            AgentIdentity agent = tokens.verify(value.substring(SCHEME.length()).strip());
            return StageResult.next(state.withAgent(agent));
        } catch (TokenRejectedException e) {
            return state.refuse(ProblemKind.UNAUTHENTICATED, e.getMessage() + FIX);
        }
    }
}
