package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table or view as the Glue Data Catalog describes it.
 *
 * @param relation      the relation ({@code schema.table}, no catalog)
 * @param format        Hive table, Iceberg table or view
 * @param location      the folder of its data ({@code null} for views)
 * @param columns       its data columns in order, with SQL type names ({@code varchar}, {@code integer})
 * @param partitionKeys its Hive partition columns (empty for Iceberg and views)
 * @param parameters    the entry's table parameters
 */
public record CatalogTable(Relation relation, TableFormat format, S3Uri location, List<RelationInfo.Column> columns,
                           List<RelationInfo.Column> partitionKeys, Map<String, String> parameters) {

    /** Copies the lists and map. */
    public CatalogTable {
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
        parameters = Map.copyOf(parameters);
    }

    /** Table or view. */
    public RelationKind kind() {
        return format == TableFormat.VIEW ? RelationKind.VIEW : RelationKind.TABLE;
    }

    /** Every column as Athena lists them: data columns, then partition columns. */
    public List<RelationInfo.Column> allColumns() {
        List<RelationInfo.Column> all = new ArrayList<>(columns);
        all.addAll(partitionKeys);
        return all;
    }

    /** The names of {@link #allColumns()}. */
    public List<String> columnNames() {
        return allColumns().stream().map(RelationInfo.Column::name).toList();
    }

    /** This entry as the SPI describes a relation. */
    public RelationInfo info() {
        return new RelationInfo(relation, kind(), allColumns());
    }
}
