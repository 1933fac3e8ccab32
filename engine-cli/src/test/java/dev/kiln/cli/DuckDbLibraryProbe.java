package dev.kiln.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Run in a fresh JVM by {@link DuckDbLibraryTest}: checks the library beside the DuckDB jar
 * ({@code args[0]}) as {@code kiln} does at start, opens DuckDB, and prints the answer of a
 * query and every file of the process's memory map named like DuckDB's library.
 */
public final class DuckDbLibraryProbe {

    private DuckDbLibraryProbe() {
    }

    public static void main(String[] args) throws Exception {
        DuckDbLibrary.ensure(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select 40 + 2")) {
            rs.next();
            System.out.println("answer=" + rs.getInt(1));
        }
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("libduckdb_java"))
                .map(line -> "mapped=" + line.substring(line.indexOf('/')))
                .distinct()
                .forEach(System.out::println);
    }
}
