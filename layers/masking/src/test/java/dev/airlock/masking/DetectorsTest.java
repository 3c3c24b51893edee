package dev.airlock.masking;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each detector on values it must find, and on look-alikes it must leave alone. */
class DetectorsTest {
    private static final TextScanner SCANNER = TextScanner.withAllDetectors("US");

    private static List<String> found(String text) {
        char[] a = text.toCharArray();
        return SCANNER.scan(a, 0, a.length).stream()
                .map(f -> f.type() + ":" + text.substring(f.start(), f.end())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mail ann.lee+news@example.co.uk now                  | email:ann.lee+news@example.co.uk
            <bo@sub.example.org>                                 | email:bo@sub.example.org
            Call (212) 555-0123 today                            | phone:(212) 555-0123
            call 212-555-0123                                    | phone:212-555-0123
            Paris +33 1 42 68 53 00                              | phone:+33 1 42 68 53 00
            +4930901820                                          | phone:+4930901820
            tel +49 4943 707677503 today                         | phone:+49 4943 707677503
            call 212-555-0123 2 times                            | phone:212-555-0123
            <a href="tel:+14155552671">call</a>                  | phone:+14155552671
            4111 1111 1111 1111 2 items                          | card:4111 1111 1111 1111
            jcb 3530 1113 3330 0000                              | card:3530 1113 3330 0000
            unionpay 6212345678901232                            | card:6212345678901232
            where email = 'ann@example.com'                      | email:ann@example.com
            mail jörg.müller@example.de                          | email:jörg.müller@example.de
            AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | aws_secret_key:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            card 4111 1111 1111 1111.                            | card:4111 1111 1111 1111
            amex 3782-822463-10005                               | card:3782-822463-10005
            pan=5500000000000004;                                | card:5500000000000004
            SSN 536-90-4399                                      | ssn:536-90-4399
            ssn 536 90 4399                                      | ssn:536 90 4399
            IBAN GB82 WEST 1234 5698 7654 32                     | iban:GB82 WEST 1234 5698 7654 32
            iban DE89370400440532013000.                         | iban:DE89370400440532013000
            from 192.168.10.25:443                               | ip_address:192.168.10.25
            host 2001:db8:85a3::8a2e:370:7334 up                 | ip_address:2001:db8:85a3::8a2e:370:7334
            loopback ::1                                         | ip_address:::1
            key AKIAIOSFODNN7EXAMPLE used                        | aws_access_key:AKIAIOSFODNN7EXAMPLE
            secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY!     | aws_secret_key:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl | jwt:eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl
            """)
    void scan_whenValueIsThere_findsExactlyIt(String text, String expected) {
        assertThat(found(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "order 4111111111111112 shipped",              // fails Luhn
            "ref 1234567890123456",                         // fails Luhn
            "9999999999999995",                             // Luhn-valid, no issuer
            "id 550e8400-e29b-41d4-a716-446655440000",
            "at 2026-11-24T10:15:30Z",
            "at 2026-11-24 10:15:30.123",
            "version 10.2.3-rc1",
            "v1.20.3",
            "ISBN 978-3-16-148410-0",
            "ssn-like 000-12-3456 666-12-3456 900-12-3456 123-00-4567",
            "user@localhost has no public domain",
            "a@b",
            "order number 2026112400017",
            "tracking 1Z999AA10123456784",
            "commit 3f786850e387550fdab836ed7e6dc881de23001b",
            "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "price 1,299.00 EUR",
            "zip 10115, phone-like 12345",
            "time 10:15:30",
            "mac 00:1B:44:11:3A:B7",
            "std::vector<int>",
            "GB82WEST12345698765433",                       // IBAN with a wrong check digit
            "eyJub3RhIjoiand0In0.eyJ4IjoxfQ.c2ln",          // no alg in the header
            "AKIA1234",
            "unionpay-like 6212345678901231",                 // fails Luhn
            "role AROAJQABLZS4A3QDU576 is not a credential",
            "12345678901234567890123 a long digit run"})
    void scan_whenValueOnlyLooksSensitive_findsNothing(String text) {
        assertThat(found(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (cut off"})
    void scan_whenPrivateKeyIsThere_coversItToTheEnd(String key) {
        String text = "key: " + key;

        assertThat(found(text)).singleElement().asString().startsWith("private_key:-----BEGIN")
                .endsWith(key.substring(key.length() - 10));
    }
}
