package dev.airlock.audit.aws;

import dev.airlock.core.audit.AuditRecord;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuditHashTest {
    /**
     * Hashes computed by the gateway before the audit record type existed (over the items it
     * built by hand), for the records of {@link AuditRecords} at {@link AuditRecords#PLACE}:
     * trails written then must still verify.
     */
    @Test
    void of_forFixedRecords_isTheHashEarlierVersionsWrote() {
        assertThat(AuditHash.of(AuditRecords.intent().inChain(AuditRecords.PLACE)))
                .isEqualTo("bdfff0bcb86c4ffe98580cc399abc8d21955e3f5f8143d05e4acdbfb518512bb");
        assertThat(AuditHash.of(AuditRecords.bareIntent().inChain(AuditRecords.PLACE)))
                .isEqualTo("0123c825f2f5ce66e333033d634cd49a809b9f815be60b48c16d4c54f45c72e7");
        assertThat(AuditHash.of(AuditRecords.outcome().inChain(AuditRecords.PLACE)))
                .isEqualTo("54874af09e6a930f864fa873db1d61db2e1a34936cb3f3f234d935c9853042f1");
        assertThat(AuditHash.of(AuditRecords.failedOutcome().inChain(AuditRecords.PLACE)))
                .isEqualTo("e652072c49ac4eca8587cb7930257813f25cf703c17b6875b7f06cc232c189cc");
        assertThat(AuditHash.of(AuditRecords.approved().inChain(AuditRecords.PLACE)))
                .isEqualTo("5e42ca3b6a6f289ad7debef481993b3eeb4290565edde4573cf859aaec3aab2c");
        assertThat(AuditHash.of(AuditRecords.executed().inChain(AuditRecords.PLACE)))
                .isEqualTo("63af573163e57831de8a15ac36761c7c1d252fc4eb2af42c8b9f30ea44daf5d0");
    }

    @Test
    void of_whenTheRecordHoldsItsHash_leavesItOut() {
        AuditRecord chained = AuditRecords.intent().inChain(AuditRecords.PLACE);

        assertThat(AuditHash.of(chained.withHash("f".repeat(64)))).isEqualTo(AuditHash.of(chained));
    }

    @Test
    void of_whenAnyFactOrThePlaceChanges_differs() {
        AuditRecord chained = AuditRecords.intent().inChain(AuditRecords.PLACE);
        String hash = AuditHash.of(chained);

        assertThat(AuditHash.of(chained.toBuilder().statement(Optional.of("select 2")).build())).isNotEqualTo(hash);
        assertThat(AuditHash.of(chained.toBuilder().protocol(Optional.empty()).build())).isNotEqualTo(hash);
        assertThat(AuditHash.of(AuditRecords.intent().inChain(
                new AuditRecord.ChainPosition("c3", 8, AuditRecords.PLACE.prevHash())))).isNotEqualTo(hash);
        assertThat(AuditHash.of(AuditRecords.intent().inChain(
                new AuditRecord.ChainPosition("c3", 7, AuditHash.GENESIS)))).isNotEqualTo(hash);
    }
}
