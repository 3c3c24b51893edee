package dev.airlock.core.model;

/**
 * The few kinds of error an agent can meet. Each has a stable slug (the problem+json
 * {@code type}), an HTTP status and a title; the detail of each error says how to fix it.
 */
public enum ProblemKind {
    UNAUTHENTICATED(401, "unauthenticated", "Missing or invalid token"),
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    UNKNOWN_TARGET(404, "unknown-target", "Unknown target"),
    POLICY_DENIED(403, "policy-denied", "Denied by policy"),
    STATEMENT_FAILED(422, "statement-failed", "The database refused the statement"),
    TARGET_UNAVAILABLE(503, "target-unavailable", "Target unavailable"),
    TARGET_BUSY(503, "target-busy", "Target busy"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request too large"),
    AUDIT_UNAVAILABLE(503, "audit-unavailable", "Audit trail unavailable"),
    NOT_FOUND(404, "not-found", "Not found"),
    APPROVAL_PENDING(409, "approval-pending", "Approval pending"),
    APPROVAL_EXPIRED(410, "approval-expired", "Approval expired"),
    ALREADY_EXECUTED(409, "already-executed", "Already executed"),
    NOT_APPROVED(403, "not-approved", "Not approved"),
    APPROVER_NOT_ALLOWED(403, "approver-not-allowed", "Approver not allowed"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    INTERNAL(500, "internal-error", "Internal error");

    public static final String TYPE_BASE = "https://airlock.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemKind(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The RFC 9457 {@code type} URI. */
    public String type() {
        return TYPE_BASE + slug;
    }
}
