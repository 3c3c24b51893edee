package dev.airlock.core.engine;

/**
 * Everything protocol-specific about a request, for one protocol (SQL, AWS API): one engine per
 * protocol, registered with the targets that speak it (Teleport's {@code lib/srv/db} engines are
 * the model). The pipeline calls it and knows nothing else about the protocol.
 *
 * @param <X> what runs requests on one target of this protocol (a database, an AWS account)
 */
public interface Engine<X> {

    /** The protocol's name, as routes, held requests and audit records name it ({@code sql}). */
    String protocol();

    /** Reads and checks a request body. A body that is not one valid operation is malformed. */
    Decoding decode(String body);

    /** Reads back an operation a held request stored. */
    Decoding decode(HeldOperation held);

    /**
     * The operation with every literal and value masked, before policy has said which are
     * sensitive: what the audit trail keeps of a request that goes no further.
     */
    MaskedSummary blindSummary(Operation operation);

    /** Classifies the operation for the target that {@code executor} runs. */
    PreparedRequest prepare(Operation operation, X executor);
}
