package dev.airlock.core.port;

import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.JsonMaskRule;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.SourceColumn;
import dev.airlock.core.model.SqlLineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Masks secrets and personal data before anything leaves the gateway or is written down. */
public interface ResponseMasker {

    /** Applies column rules from policy, then content detectors to every other value. */
    MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules);

    /**
     * Applies column rules through the statement's lineage: a result column derived from a
     * masked column gets its rule, or is redacted whole when the rule cannot apply; then content
     * detectors to every other value. Unknown lineage masks as if every masked column fed every
     * column the database cannot trace to one table column.
     */
    default MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules, SqlLineage lineage) {
        return mask(result, rules);
    }

    /** Applies content detectors to free text such as an error message. */
    String maskText(String text);

    /**
     * Masks a statement and its parameters for the audit trail: detectors everywhere and, when
     * the statement names a sensitive column ({@code password}, {@code api_key},
     * {@code birth_date}), every string literal and string parameter, since any of them may
     * hold that column's value.
     */
    MaskedStatement maskStatement(String sql, List<Object> params);

    /**
     * Masks a statement before policy has named its masked columns: every literal and parameter
     * is redacted, since any of them may be a masked value; detectors name what they find.
     */
    default MaskedStatement maskStatementBlind(String sql, List<Object> params) {
        return maskStatement(sql, params);
    }

    /**
     * Masks a statement once policy has decided: when it references a column a rule covers,
     * every literal and parameter is masked by that rule (the value may be compared with,
     * assigned to or inserted into it); detectors scan every other literal.
     */
    default MaskedStatement maskStatement(String sql, List<Object> params, List<ColumnMaskRule> rules,
                                          Set<SourceColumn> columnsReferenced) {
        return maskStatement(sql, params);
    }

    /**
     * Masks a JSON document as it streams from {@code in} to {@code out}: field rules from
     * policy, then content detectors on every other string. Memory does not grow with the
     * document.
     *
     * @return how many values were masked, per type
     * @throws IOException if the input is not JSON or cannot be read or written
     */
    Map<String, Integer> maskJson(InputStream in, OutputStream out, List<JsonMaskRule> rules) throws IOException;
}
