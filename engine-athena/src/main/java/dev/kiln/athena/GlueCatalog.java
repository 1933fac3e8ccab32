package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link Catalog} on the AWS Glue Data Catalog. Names are lower-cased, as Glue stores them.
 * Column types are reported in Athena's SQL spelling ({@code varchar}, {@code integer}), not
 * Hive's ({@code string}, {@code int}).
 */
public final class GlueCatalog implements Catalog {

    /** Glue's limits on batch partition calls. */
    static final int CREATE_BATCH = 100;
    static final int UPDATE_BATCH = 100;
    static final int DELETE_BATCH = 25;

    private final GlueClient glue;
    private final String catalogId;
    private final Retrier retrier;

    /**
     * @param glue      the Glue client
     * @param catalogId the Glue catalog id (account id), or {@code null} for the caller's account
     * @param retrier   how calls are retried
     */
    public GlueCatalog(GlueClient glue, String catalogId, Retrier retrier) {
        this.glue = glue;
        this.catalogId = catalogId;
        this.retrier = retrier;
    }

    @Override
    public Map<Relation, RelationKind> relations(String schema) {
        Map<Relation, RelationKind> out = new LinkedHashMap<>();
        String db = name(schema);
        String token = null;
        try {
            do {
                String next = token;
                GetTablesResponse page = call("GetTables " + db,
                        () -> glue.getTables(b -> b.catalogId(catalogId).databaseName(db).nextToken(next)));
                for (Table t : page.tableList()) {
                    out.put(Relation.of(db, t.name()), format(t) == TableFormat.VIEW ? RelationKind.VIEW : RelationKind.TABLE);
                }
                token = page.nextToken();
            } while (token != null);
        } catch (EntityNotFoundException e) {
            return Map.of();
        }
        return out;
    }

    @Override
    public Optional<CatalogTable> table(Relation relation) {
        return glueTable(relation).map(t -> describe(relation, t));
    }

    @Override
    public void ensureSchema(String schema) {
        String db = name(schema);
        try {
            call("CreateDatabase " + db, () -> glue.createDatabase(b -> b.catalogId(catalogId)
                    .databaseInput(d -> d.name(db).description("Created by Kiln"))));
        } catch (AlreadyExistsException e) {
            // there already
        }
    }

    @Override
    public void replace(Relation source, Relation target) {
        Table src = glueTable(source).orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED,
                "Cannot swap " + source.displayName() + " into " + target.displayName() + ": it is not in the Glue catalog."));
        Optional<Table> old = glueTable(target);
        TableInput input = input(src, name(target.identifier()));
        String db = name(target.schema());
        if (old.isPresent()) {
            call("UpdateTable " + db + "." + input.name(),
                    () -> glue.updateTable(b -> b.catalogId(catalogId).databaseName(db).tableInput(input)));
        } else {
            call("CreateTable " + db + "." + input.name(),
                    () -> glue.createTable(b -> b.catalogId(catalogId).databaseName(db).tableInput(input)));
        }
        movePartitions(source, target, src, old.orElse(null));
        drop(source);
    }

    @Override
    public void drop(Relation relation) {
        String db = name(relation.schema());
        String table = name(relation.identifier());
        try {
            call("DeleteTable " + db + "." + table, () -> glue.deleteTable(b -> b.catalogId(catalogId).databaseName(db).name(table)));
        } catch (EntityNotFoundException e) {
            // already gone
        }
    }

    @Override
    public void put(Relation relation, TableDefinition def) {
        String db = name(relation.schema());
        String table = name(relation.identifier());
        TableInput input = TableInput.builder().name(table).tableType("EXTERNAL_TABLE")
                .storageDescriptor(StorageDescriptor.builder()
                        .columns(def.columns().stream().map(c -> Column.builder().name(name(c.name())).type(c.hiveType()).build()).toList())
                        .location(def.location().toString()).inputFormat(def.inputFormat()).outputFormat(def.outputFormat())
                        .serdeInfo(SerDeInfo.builder().serializationLibrary(def.serde()).build()).build())
                .parameters(def.parameters()).build();
        if (glueTable(relation).isPresent()) {
            call("UpdateTable " + db + "." + table, () -> glue.updateTable(b -> b.catalogId(catalogId).databaseName(db).tableInput(input)));
        } else {
            call("CreateTable " + db + "." + table, () -> glue.createTable(b -> b.catalogId(catalogId).databaseName(db).tableInput(input)));
        }
    }

    @Override
    public void setParameters(Relation relation, Map<String, String> parameters) {
        Table t = glueTable(relation).orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED,
                "Cannot set parameters of " + relation.displayName() + ": it is not in the Glue catalog."));
        Map<String, String> merged = new LinkedHashMap<>(t.hasParameters() ? t.parameters() : Map.of());
        merged.putAll(parameters);
        TableInput input = input(t, t.name()).toBuilder().parameters(merged).build();
        String db = name(relation.schema());
        call("UpdateTable " + db + "." + t.name(), () -> glue.updateTable(b -> b.catalogId(catalogId).databaseName(db)
                .tableInput(input).versionId(t.versionId())));
    }

    @Override
    public List<Partition> partitions(Relation relation) {
        return glueInputs(relation).stream().map(p -> new Partition(p.values(), location(p.storageDescriptor() == null
                ? null : p.storageDescriptor().location()))).toList();
    }

    @Override
    public void dropPartitions(Relation relation, List<List<String>> values) {
        String db = name(relation.schema());
        String table = name(relation.identifier());
        for (List<List<String>> batch : Batches.of(values, DELETE_BATCH)) {
            List<PartitionValueList> list = batch.stream().map(v -> PartitionValueList.builder().values(v).build()).toList();
            var r = call("BatchDeletePartition " + db + "." + table, () -> glue.batchDeletePartition(b -> b
                    .catalogId(catalogId).databaseName(db).tableName(table).partitionsToDelete(list)));
            check("BatchDeletePartition", r.errors());
        }
    }

    /** Moves the partitions of {@code source} to {@code target}, keeping common values registered throughout. */
    private void movePartitions(Relation source, Relation target, Table src, Table old) {
        List<PartitionInput> incoming = src.hasPartitionKeys() && !src.partitionKeys().isEmpty() ? glueInputs(source) : List.of();
        List<PartitionInput> existing = old != null && old.hasPartitionKeys() && !old.partitionKeys().isEmpty()
                ? glueInputs(target) : List.of();
        if (incoming.isEmpty() && existing.isEmpty()) {
            return;
        }
        boolean sameKeys = old != null && keys(old).equals(keys(src));
        Map<List<String>, PartitionInput> before = new LinkedHashMap<>();
        existing.forEach(p -> before.put(p.values(), p));
        List<PartitionInput> create = new ArrayList<>();
        List<PartitionInput> update = new ArrayList<>();
        for (PartitionInput p : incoming) {
            (sameKeys && before.remove(p.values()) != null ? update : create).add(p);
        }
        String db = name(target.schema());
        String table = name(target.identifier());
        List<List<String>> stale = new ArrayList<>(before.keySet());
        if (!sameKeys) {
            dropPartitions(target, stale); // the key columns changed: old values mean nothing any more
            stale = List.of();
        }
        for (List<PartitionInput> batch : Batches.of(create, CREATE_BATCH)) {
            var r = call("BatchCreatePartition " + db + "." + table, () -> glue.batchCreatePartition(b -> b
                    .catalogId(catalogId).databaseName(db).tableName(table).partitionInputList(batch)));
            check("BatchCreatePartition", r.errors());
        }
        for (List<PartitionInput> batch : Batches.of(update, UPDATE_BATCH)) {
            List<BatchUpdatePartitionRequestEntry> entries = batch.stream().map(p -> BatchUpdatePartitionRequestEntry
                    .builder().partitionValueList(p.values()).partitionInput(p).build()).toList();
            var r = call("BatchUpdatePartition " + db + "." + table, () -> glue.batchUpdatePartition(b -> b
                    .catalogId(catalogId).databaseName(db).tableName(table).entries(entries)));
            if (r.hasErrors() && !r.errors().isEmpty()) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Glue BatchUpdatePartition failed: "
                        + r.errors().get(0).errorDetail().errorMessage());
            }
        }
        dropPartitions(target, stale);
    }

    private List<PartitionInput> glueInputs(Relation relation) {
        String db = name(relation.schema());
        String table = name(relation.identifier());
        List<PartitionInput> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetPartitionsResponse page = call("GetPartitions " + db + "." + table, () -> glue.getPartitions(b -> b
                    .catalogId(catalogId).databaseName(db).tableName(table).nextToken(next)));
            page.partitions().forEach(p -> out.add(PartitionInput.builder().values(p.values())
                    .storageDescriptor(p.storageDescriptor()).parameters(p.parameters()).build()));
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    private Optional<Table> glueTable(Relation relation) {
        String db = name(relation.schema());
        String table = name(relation.identifier());
        try {
            return Optional.of(call("GetTable " + db + "." + table,
                    () -> glue.getTable(b -> b.catalogId(catalogId).databaseName(db).name(table))).table());
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        }
    }

    private static CatalogTable describe(Relation relation, Table t) {
        List<RelationInfo.Column> columns = t.storageDescriptor() == null ? List.of()
                : t.storageDescriptor().columns().stream().map(GlueCatalog::column).toList();
        List<RelationInfo.Column> keys = t.partitionKeys().stream().map(GlueCatalog::column).toList();
        TableFormat format = format(t);
        S3Uri location = format == TableFormat.VIEW || t.storageDescriptor() == null ? null
                : location(t.storageDescriptor().location());
        return new CatalogTable(new Relation(relation.database(), name(relation.schema()), t.name()), format, location,
                columns, keys, t.hasParameters() ? t.parameters() : Map.of());
    }

    private static TableInput input(Table t, String name) {
        return TableInput.builder().name(name).description(t.description()).owner(t.owner()).retention(t.retention())
                .storageDescriptor(t.storageDescriptor()).partitionKeys(t.partitionKeys())
                .viewOriginalText(t.viewOriginalText()).viewExpandedText(t.viewExpandedText())
                .tableType(t.tableType()).parameters(t.parameters()).build();
    }

    private static List<String> keys(Table t) {
        return t.partitionKeys().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }

    static TableFormat format(Table t) {
        if ("VIRTUAL_VIEW".equalsIgnoreCase(t.tableType())) {
            return TableFormat.VIEW;
        }
        String type = t.hasParameters() ? t.parameters().getOrDefault("table_type", "") : "";
        return "ICEBERG".equalsIgnoreCase(type) ? TableFormat.ICEBERG : TableFormat.HIVE;
    }

    private static RelationInfo.Column column(Column c) {
        return new RelationInfo.Column(c.name(), HiveTypes.toSql(c.type()));
    }

    private static S3Uri location(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            return S3Uri.parse(location).asFolder();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String name(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    private static void check(String what, List<PartitionError> errors) {
        if (errors != null && !errors.isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Glue " + what + " failed for partition "
                    + errors.get(0).partitionValues() + ": " + errors.get(0).errorDetail().errorMessage());
        }
    }

    /** Calls Glue; lets the "not found" and "already exists" answers through for the caller, wraps other failures. */
    private <T> T call(String what, Supplier<T> call) {
        try {
            return retrier.call("glue:" + what, call);
        } catch (EntityNotFoundException | AlreadyExistsException e) {
            throw e;
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Glue " + what + " failed: " + e.getMessage(), e);
        }
    }
}
