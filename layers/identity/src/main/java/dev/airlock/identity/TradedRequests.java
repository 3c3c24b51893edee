package dev.airlock.identity;

import java.time.Instant;

/**
 * Signed AWS IAM requests already traded for a gateway token: each may open one token only.
 * In memory for one gateway process; in DynamoDB for the Lambda function, whose instances must
 * all refuse a request any one of them has traded.
 */
public interface TradedRequests {

    /**
     * Records the request as traded, atomically: of two callers racing with one signature, one wins.
     *
     * @param signature the request's SigV4 signature
     * @param until     when it may be forgotten (its date is then too old to be accepted anyway)
     * @return true for the first trade, false when it was traded already
     * @throws IllegalStateException when the record cannot be kept: the exchange is then refused
     */
    boolean claim(String signature, Instant until);
}
