package dev.kiln.cli;

import picocli.CommandLine.Option;

/** {@code --empty} of {@code build} and {@code run}, as in dbt 1.8. */
public final class EmptyFlag {

    @Option(names = "--empty",
            description = "Read no rows: every ref() and source() becomes (select * from … where false limit 0), so the "
                    + "SQL and the columns are checked on the warehouse and the relations are created empty.")
    boolean empty;
}
