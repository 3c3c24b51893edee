package dev.airlock.core.targets;

import dev.airlock.core.engine.Engine;
import dev.airlock.core.engine.Operation;
import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.port.CredentialBroker;

import java.util.Objects;

/**
 * One configured target: its protocol's engine, what runs requests on it, and where its
 * credentials come from, found together by one lookup.
 *
 * @param <X> the engine's executor type
 */
public record Target<X>(String name, Engine<X> engine, X executor, CredentialBroker credentials) {
    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(credentials, "credentials");
    }

    public String protocol() {
        return engine.protocol();
    }

    public PreparedRequest prepare(Operation operation) {
        return engine.prepare(operation, executor);
    }

    @Override
    public String toString() {
        return "Target[" + name + ", " + engine.protocol() + "]";
    }
}
