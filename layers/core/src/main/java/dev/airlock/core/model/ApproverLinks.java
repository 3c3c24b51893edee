package dev.airlock.core.model;

import java.net.URI;
import java.util.Objects;

/**
 * One approver's links to a held request's page: each carries a signed, single-use link token
 * bound to the request, its SHA-256, the approver and the action, and expires no later than
 * the request's approval deadline. A link is a credential: whoever holds it acts as the approver.
 *
 * @param approver whom the links are for
 * @param view     opens the page to read the request
 * @param approve  opens the page with Approve ready to confirm
 * @param deny     opens the page with Deny ready to confirm
 */
public record ApproverLinks(Approver approver, URI view, URI approve, URI deny) {
    public ApproverLinks {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(approve, "approve");
        Objects.requireNonNull(deny, "deny");
    }

    /** The page without any token: safe to print or log. */
    public URI page() {
        return view.resolve(view.getRawPath());
    }

    @Override
    public String toString() {
        return "ApproverLinks[approver=" + approver.id() + ", page=" + page() + "]";
    }
}
