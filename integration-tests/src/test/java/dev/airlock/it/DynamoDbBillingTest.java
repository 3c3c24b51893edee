package dev.airlock.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbBillingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static long size(String item) throws Exception {
        return DynamoDbBilling.itemSize(JSON.readTree(item));
    }

    @Test
    void itemSize_ofStrings_countsNamesAndValuesInUtf8() throws Exception {
        // "requestId" 9 + "abc" 3 + "phase" 5 + "intent" 6; "é" is 2 bytes in UTF-8
        assertThat(size("{\"requestId\":{\"S\":\"abc\"},\"phase\":{\"S\":\"intent\"}}")).isEqualTo(23);
        assertThat(size("{\"n\":{\"S\":\"é\"}}")).isEqualTo(3);
    }

    @Test
    void itemSize_ofNumbers_countsTwoSignificantDigitsPerByteAndOneMore() throws Exception {
        assertThat(size("{\"n\":{\"N\":\"12345\"}}")).isEqualTo(1 + 4);
        assertThat(size("{\"n\":{\"N\":\"1000\"}}")).as("trailing zeros are trimmed").isEqualTo(1 + 2);
    }

    @Test
    void itemSize_ofListsAndMaps_addsThreeBytesAndOnePerElement() throws Exception {
        assertThat(size("{\"l\":{\"L\":[{\"S\":\"ab\"},{\"BOOL\":true}]}}")).isEqualTo(1 + 3 + (1 + 2) + (1 + 1));
        assertThat(size("{\"m\":{\"M\":{\"a\":{\"S\":\"xy\"}}}}")).isEqualTo(1 + 3 + 1 + (1 + 2));
    }

    @Test
    void writeUnits_roundUpToTheNextKilobyte() {
        assertThat(DynamoDbBilling.writeUnits(23)).isEqualTo(1);
        assertThat(DynamoDbBilling.writeUnits(1024)).isEqualTo(1);
        assertThat(DynamoDbBilling.writeUnits(1025)).isEqualTo(2);
    }

    @Test
    void readUnits_roundUpToFourKilobytes_andHalveWhenEventuallyConsistent() {
        assertThat(DynamoDbBilling.readUnits(0, true)).isEqualTo(1.0);
        assertThat(DynamoDbBilling.readUnits(4097, true)).isEqualTo(2.0);
        assertThat(DynamoDbBilling.readUnits(4097, false)).isEqualTo(1.0);
    }
}
