package dev.airlock.core.model;

import java.util.Objects;

/** A database user and password, held only inside the gateway. */
public record DatabaseLogin(String username, Secret password) implements TargetCredentials {
    public DatabaseLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public CredentialsUsed used() {
        return CredentialsUsed.databaseUser(username);
    }
}
