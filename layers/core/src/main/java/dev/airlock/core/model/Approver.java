package dev.airlock.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Someone who may approve or deny a held request, and where to reach them.
 *
 * @param id    the approver's id, as approvals record it
 * @param email the address notifications go to: one plain {@code local@domain} address, no
 *              display name, no line breaks (it becomes a mail header)
 */
public record Approver(String id, String email) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}");

    public Approver {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Approver id '" + id + "' is not valid: use letters, digits and "
                    + ". _ : @ - (at most 128 characters).");
        }
        if (!EMAIL.matcher(email).matches() || email.startsWith(".") || email.endsWith(".")) {
            throw new IllegalArgumentException("Approver " + id + " has no valid email address: give one plain "
                    + "address such as ops@example.com.");
        }
    }
}
