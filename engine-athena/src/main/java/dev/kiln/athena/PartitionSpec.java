package dev.kiln.athena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partition expressions a write is batched by, to stay within Athena's limit of 100
 * partitions per write. Hive partition columns are used as they are; an Iceberg transform is
 * replaced by an expression with at least as many distinct values ({@code day(ts)} becomes
 * {@code date_trunc('day', "ts")}, {@code bucket(16, id)} becomes {@code "id"}), so that a batch
 * of 100 distinct values never touches more than 100 partitions.
 *
 * @param expressions SQL expressions over the written rows' columns
 */
public record PartitionSpec(List<String> expressions) {

    /** Athena's limit of partitions one CTAS or INSERT may write. */
    public static final int MAX_PARTITIONS_PER_WRITE = 100;

    private static final Pattern TRANSFORM = Pattern.compile(
            "(?i)\\s*(year|month|day|hour|bucket|truncate)\\s*\\(\\s*(?:\\d+\\s*,\\s*)?\"?([^\")]+?)\"?\\s*(?:,\\s*\\d+\\s*)?\\)\\s*");

    /** Copies the list. */
    public PartitionSpec {
        expressions = List.copyOf(expressions);
    }

    /** The spec of partition columns or Iceberg transforms, quoted with {@code dialect}. */
    public static PartitionSpec of(List<String> partitionedBy, AthenaDialect dialect) {
        List<String> out = new ArrayList<>();
        for (String p : partitionedBy) {
            Matcher m = TRANSFORM.matcher(p);
            if (m.matches()) {
                String fn = m.group(1).toLowerCase(Locale.ROOT);
                String col = dialect.quoteIdentifier(m.group(2).strip());
                out.add(switch (fn) {
                    case "year", "month", "day", "hour" -> "date_trunc('" + fn + "', " + col + ")";
                    default -> col;
                });
            } else {
                out.add(dialect.quoteIdentifier(p.strip().replace("\"", "")));
            }
        }
        return new PartitionSpec(out);
    }

    /** Whether there is anything to batch by. */
    public boolean isEmpty() {
        return expressions.isEmpty();
    }
}
