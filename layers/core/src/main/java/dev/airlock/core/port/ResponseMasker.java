package dev.airlock.core.port;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.QueryResult;

import java.util.List;

/** Masks secrets and personal data before anything leaves the gateway or is written down. */
public interface ResponseMasker {

    /** Applies column rules from policy, then content detectors to every other string value. */
    MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules);

    /** Applies content detectors to free text such as a statement or an error message. */
    String maskText(String text);
}
