package dev.kiln.internal.load;

import dev.kiln.SourceTable;

import java.util.List;

/**
 * A source table read from YAML with the tests declared on it.
 *
 * @param table the table
 * @param tests its data tests
 */
record SourceDecl(SourceTable table, List<TestDecl> tests) {
}
