package dev.airlock.sql.engine;

import dev.airlock.core.engine.Executed;
import dev.airlock.core.engine.MaskedResponse;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.port.ResponseMasker;

/** Rows as the database returned them; only their masked form leaves the gateway. */
final class SqlAnswer implements Executed {
    private final QueryResult result;
    private final SqlClassification classification;
    private final ResponseMasker masker;

    SqlAnswer(QueryResult result, SqlClassification classification, ResponseMasker masker) {
        this.result = result;
        this.classification = classification;
        this.masker = masker;
    }

    /** Column rules from policy, followed through the statement's lineage, then the content detectors. */
    @Override
    public MaskedResponse mask(PolicyDecision decision) {
        return masker.mask(result, decision.maskRules(), classification.lineage());
    }
}
