package dev.airlock.audit.aws;

import dev.airlock.core.port.AuditUnavailableException;

/**
 * The record is already in the audit table: records are never overwritten. Writers that may
 * legitimately repeat themselves (a journal replayed after a crash, a reconciler racing a late
 * outcome) catch this one; to everyone else it is an audit failure like any other.
 */
public final class AuditRecordExistsException extends AuditUnavailableException {
    private static final long serialVersionUID = 1L;

    AuditRecordExistsException(String requestId, String phase, Throwable cause) {
        super("audit record " + requestId + "/" + phase + " already exists; records are never overwritten", cause);
    }
}
