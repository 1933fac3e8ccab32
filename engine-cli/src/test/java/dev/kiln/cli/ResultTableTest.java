package dev.kiln.cli;

import dev.kiln.QueryRows;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        QueryRows r = new QueryRows(List.of("id", "name", "amount"), List.of("INTEGER", "VARCHAR", "DOUBLE"),
                List.of(List.of(1, "a", 10.5), Arrays.asList(22, null, 3.0)), false);
        assertThat(ResultTable.format(r)).isEqualTo(String.join(System.lineSeparator(),
                "|  id | name | amount |",
                "| --- | ---- | ------ |",
                "|   1 | a    |   10.5 |",
                "|  22 | null |    3.0 |"));
    }

    @Test
    void flattensLineBreaksEscapesPipesAndCutsLongValues() {
        String longText = "x".repeat(100);
        QueryRows r = new QueryRows(List.of("text"), List.of("VARCHAR"),
                List.of(List.of("a\nb|c"), List.of(longText)), true);
        List<String> lines = ResultTable.format(r).lines().toList();
        assertThat(lines.get(2)).startsWith("| a⏎b\\|c ");
        assertThat(lines.get(3)).isEqualTo("| " + "x".repeat(ResultTable.MAX_WIDTH - 1) + "… |");
        assertThat(lines.get(4)).isEqualTo(ResultTable.MORE);
    }

    @Test
    void anEmptyResultStillHasItsHeader() {
        QueryRows r = new QueryRows(List.of("a"), List.of("INTEGER"), List.of(), false);
        assertThat(ResultTable.format(r)).isEqualTo("| a   |" + System.lineSeparator() + "| --- |");
    }
}
