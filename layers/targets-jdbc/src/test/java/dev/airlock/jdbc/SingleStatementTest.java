package dev.airlock.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SingleStatementTest {

    @Test
    void isSingle_whenOneStatement_true() {
        assertThat(SingleStatement.isSingle("select id from customers where city = 'a;b'")).isTrue();
        assertThat(SingleStatement.isSingle("select 1;")).isTrue();
        assertThat(SingleStatement.isSingle("select $$;$$, 'it''s' -- ; drop table x")).isTrue();
    }

    @Test
    void isSingle_whenTwoStatements_false() {
        assertThat(SingleStatement.isSingle("select 1; select 2")).isFalse();
        assertThat(SingleStatement.isSingle("select 1; commit; delete from orders")).isFalse();
    }

    @Test
    void isSingle_whenBackslashHidesASecondStatementFromOneReading_false() {
        // Red-team F1 step 2: one statement with standard_conforming_strings on, three with it off.
        assertThat(SingleStatement.isSingle(
                "select 'x\\', '; commit; delete from orders where id = 600; select 1 --' as a")).isFalse();
    }
}
