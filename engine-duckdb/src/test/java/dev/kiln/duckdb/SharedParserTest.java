package dev.kiln.duckdb;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DuckDB that the syntax checkers of one JVM share, and when it closes. */
class SharedParserTest {

    private static final String CHECK = "select json_serialize_sql(?::varchar)";

    @Test
    void checkersOpenedWhileAnotherIsOpenShareItsDatabase() {
        DuckDbSyntaxChecker a = DuckDbSyntaxChecker.open();
        DuckDbSyntaxChecker b = DuckDbSyntaxChecker.open();
        try {
            assertThat(b.parser()).isSameAs(a.parser());
            assertThat(a.check("select 1 frm t")).isPresent();
            b.close();
            b.close(); // once only: a keeps it
            assertThat(a.parser().isClosed()).isFalse();
            assertThat(a.check("select 1 from t")).isEmpty();
        } finally {
            a.close();
        }
    }

    @Test
    void staysOpenForItsLingerAfterTheLastUserAndServesANewOneMeanwhile() throws Exception {
        SharedParser p = new SharedParser(Duration.ofMillis(300)).retain();
        SharedParser.Checker first = p.borrow(CHECK, CHECK);
        p.giveBack(first);
        p.release();
        p.retain(); // within the linger: the same database, the same connection
        Thread.sleep(600);
        assertThat(p.isClosed()).isFalse();
        assertThat(p.borrow(CHECK, CHECK)).isSameAs(first);
        p.giveBack(first);
        p.release();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!p.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.isClosed()).isTrue();
        assertThat(first.connection().isClosed()).isTrue();
        assertThatThrownBy(() -> p.borrow(CHECK, CHECK)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::retain).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aConnectionGivenBackAfterTheCloseIsNotReused() throws Exception {
        SharedParser p = new SharedParser(Duration.ZERO).retain();
        SharedParser.Checker c = p.borrow(CHECK, CHECK);
        p.release(); // no linger: closed now, while c is still out
        assertThat(p.isClosed()).isTrue();
        p.giveBack(c);
        assertThatThrownBy(() -> p.borrow(CHECK, CHECK)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneThreadWaitsToCloseItHoweverOftenItIsReleased() throws Exception {
        long before = lingering();
        SharedParser p = new SharedParser(Duration.ofMillis(400));
        for (int i = 0; i < 50; i++) { // a daemon compiling again and again
            p.retain();
            p.release();
        }
        assertThat(lingering()).isLessThanOrEqualTo(before + 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!p.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.isClosed()).isTrue();
    }

    private static long lingering() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("kiln-duckdb-parser-linger") && t.isAlive()).count();
    }
}
