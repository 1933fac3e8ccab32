package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Glue, S3 and Athena with state, served through {@link RecordedAws} (the real SDK clients
 * marshal every request; this answers them as the services would): Glue tables are what
 * CreateTable/UpdateTable last put, S3 objects what PutObject wrote, and Athena statements are
 * recorded and succeed (a CTAS registers its Iceberg table; a MERGE, INSERT or CTAS from a load's
 * stage table puts that load's id in the table, which {@code select count(*) … where _kiln_load_id}
 * then finds). A step can be made to "crash": the call throws {@link Crash}, an Error the code
 * under test does not catch, as if the process had died there.
 */
final class AwsLake {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>");

    /** A simulated process death. */
    static final class Crash extends Error {
        Crash(String where) {
            super("crash at " + where);
        }
    }

    final RecordedAws aws = new RecordedAws();
    /** Glue tables by {@code db.name}: the TableInput last written. */
    final Map<String, ObjectNode> tables = new TreeMap<>();
    /** S3 objects by {@code s3://bucket/key}. */
    final Map<String, byte[]> objects = new TreeMap<>();
    /** The SQL Athena ran, in order. */
    final List<String> sql = new ArrayList<>();
    /** Athena's side: the rows of Iceberg tables, statements run for real. */
    final LakeEngine engine = new LakeEngine(tables::get, objects::get, this::keys);
    private final Map<String, LakeEngine.Result> answers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Multipart uploads begun and neither completed nor aborted, by upload id. */
    final Map<String, Upload> uploads = new TreeMap<>();
    /**
     * The smallest part S3 accepts (all but the last part of an upload): 5 MiB, as on AWS; tests
     * that split a small file lower it together with the adapter's part size.
     */
    long minPartSize = 5L << 20;
    private final List<Map.Entry<Predicate<RecordedAws.Call>, String>> crashes = new ArrayList<>();

    /** A multipart upload in progress: its object and the parts received. */
    record Upload(String uri, Map<Integer, byte[]> parts) {
    }
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger uploadIds = new AtomicInteger();
    private final List<Map.Entry<Predicate<RecordedAws.Call>, RecordedAws.Reply>> failures = new ArrayList<>();

    AwsLake() {
        on("CreateDatabase", c -> ok("{}"));
        on("GetTable", this::getTable);
        on("GetTables", this::getTables);
        on("CreateTable", c -> putTable(c, false));
        on("UpdateTable", c -> putTable(c, true));
        on("DeleteTable", this::deleteTable);
        on("GetPartitions", c -> ok("{\"Partitions\":[]}"));
        on("s3:PutObject", c -> {
            objects.put(s3(c), c.bytes());
            return ok("");
        });
        on("s3:GetObject", c -> {
            byte[] b = objects.get(s3(c));
            return b == null ? new RecordedAws.Reply(404, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                    + "<Message>The specified key does not exist.</Message></Error>") : ok(new String(b, StandardCharsets.UTF_8));
        });
        on("s3:ListObjectsV2", this::list);
        on("s3:CreateMultipartUpload", this::createUpload);
        on("s3:UploadPart", this::uploadPart);
        on("s3:CompleteMultipartUpload", this::completeUpload);
        on("s3:AbortMultipartUpload", c -> {
            Upload u = uploads.remove(query(c, "uploadId"));
            return u == null ? noSuchUpload() : new RecordedAws.Reply(204, "");
        });
        on("s3:DeleteObjects", c -> {
            String bucket = bucket(c);
            Matcher m = KEY.matcher(c.body());
            while (m.find()) {
                objects.remove("s3://" + bucket + "/" + m.group(1));
            }
            return ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>");
        });
        on("StartQueryExecution", this::start);
        on("GetQueryExecution", c -> {
            String id = body(c).get("QueryExecutionId").asText();
            return ok("{\"QueryExecution\":{\"QueryExecutionId\":\"" + id + "\",\"StatementType\":\"DML\","
                    + "\"Status\":{\"State\":\"SUCCEEDED\"},\"Statistics\":{\"DataScannedInBytes\":10,\"EngineExecutionTimeInMillis\":5}}}");
        });
        on("GetQueryResults", this::results);
    }

    /** Serves {@code operation} with {@code handler}, after the crash check every call goes through. */
    private void on(String operation, java.util.function.Function<RecordedAws.Call, RecordedAws.Reply> handler) {
        aws.on(operation, c -> {
            crashIfAsked(c);
            for (var it = failures.iterator(); it.hasNext(); ) {
                var f = it.next();
                if (f.getKey().test(c)) {
                    it.remove();
                    return f.getValue();
                }
            }
            return handler.apply(c);
        });
    }

    /** The next call matching {@code when} crashes (once). */
    AwsLake crashWhen(String what, Predicate<RecordedAws.Call> when) {
        crashes.add(Map.entry(when, what));
        return this;
    }

    /** The next call matching {@code when} is answered with an S3 error (once), as a failing service would. */
    AwsLake failWhen(Predicate<RecordedAws.Call> when, int status, String code) {
        failures.add(Map.entry(when, s3Error(status, code, "injected by the test")));
        return this;
    }

    /** The next call of {@code operation} whose body matches crashes (once). */
    AwsLake crashOn(String operation, Predicate<String> bodyMatches) {
        crashes.add(Map.entry(c -> c.operation().equals(operation) && bodyMatches.test(c.body()), operation));
        return this;
    }

    /** The Glue table {@code db.name}, or null. */
    JsonNode table(String db, String name) {
        return tables.get(db + "." + name);
    }

    /** The keys of the objects below {@code prefix} ({@code s3://bucket/key…}). */
    List<String> keys(String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    /** The load ids ({@code _kiln_load_id}) whose rows the Iceberg or Hive table {@code db.name} holds. */
    Set<String> loadsIn(String db, String name) {
        return table(db, name) == null ? Set.of() : engine.distinct(db, name, "_kiln_load_id");
    }

    /** Rows of {@code db.name} as {@code a|b|c} text, ordered by the given columns. */
    List<String> rows(String db, String name, String columns) {
        return engine.rows(db, name, columns, columns).stream()
                .map(r -> r.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("|"))).toList();
    }

    String text(String uri) {
        byte[] b = objects.get(uri);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private void crashIfAsked(RecordedAws.Call c) {
        for (var it = crashes.iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().test(c)) {
                it.remove();
                throw new Crash(e.getValue());
            }
        }
    }

    private RecordedAws.Reply createUpload(RecordedAws.Call c) {
        String id = "upload-" + uploadIds.incrementAndGet();
        uploads.put(id, new Upload(s3(c), new TreeMap<>()));
        String key = s3(c).substring(("s3://" + bucket(c) + "/").length());
        return ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Bucket>" + bucket(c) + "</Bucket><Key>" + key + "</Key><UploadId>" + id + "</UploadId></InitiateMultipartUploadResult>");
    }

    private RecordedAws.Reply uploadPart(RecordedAws.Call c) {
        Upload u = uploads.get(query(c, "uploadId"));
        if (u == null || !u.uri().equals(s3(c))) {
            return noSuchUpload();
        }
        int n = Integer.parseInt(query(c, "partNumber"));
        if (n < 1 || n > 10_000) {
            return s3Error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
        }
        u.parts().put(n, c.bytes());
        return new RecordedAws.Reply(200, "", Map.of("ETag", "\"" + etag(c.bytes()) + "\""));
    }

    private RecordedAws.Reply completeUpload(RecordedAws.Call c) {
        Upload u = uploads.get(query(c, "uploadId"));
        if (u == null || !u.uri().equals(s3(c))) {
            return noSuchUpload();
        }
        Matcher part = Pattern.compile("<Part>(.*?)</Part>").matcher(c.body());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int last = 0;
        List<Integer> listed = new ArrayList<>();
        while (part.find()) {
            Matcher num = Pattern.compile("<PartNumber>(\\d+)</PartNumber>").matcher(part.group(1));
            Matcher tag = Pattern.compile("<ETag>(.*?)</ETag>").matcher(part.group(1));
            if (!num.find() || !tag.find()) {
                return s3Error(400, "MalformedXML", "a part without PartNumber or ETag");
            }
            int n = Integer.parseInt(num.group(1));
            if (n <= last) {
                return s3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
            }
            byte[] bytes = u.parts().get(n);
            if (bytes == null || !tag.group(1).replace("&quot;", "").replace("\"", "").equals(etag(bytes))) {
                return s3Error(400, "InvalidPart", "One or more of the specified parts could not be found.");
            }
            listed.add(n);
            last = n;
        }
        if (listed.isEmpty()) {
            return s3Error(400, "MalformedXML", "no parts");
        }
        for (int i = 0; i < listed.size(); i++) {
            byte[] bytes = u.parts().get(listed.get(i));
            if (i < listed.size() - 1 && bytes.length < minPartSize) {
                return s3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
            }
            out.writeBytes(bytes);
        }
        uploads.remove(query(c, "uploadId"));
        objects.put(u.uri(), out.toByteArray());
        return ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Location>" + u.uri() + "</Location><ETag>\"" + etag(out.toByteArray()) + "-" + listed.size()
                + "\"</ETag></CompleteMultipartUploadResult>");
    }

    private static RecordedAws.Reply noSuchUpload() {
        return s3Error(404, "NoSuchUpload", "The specified upload does not exist.");
    }

    private static RecordedAws.Reply s3Error(int status, String code, String message) {
        return new RecordedAws.Reply(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error>");
    }

    private static String etag(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String query(RecordedAws.Call c, String name) {
        String q = URI.create(c.uri()).getRawQuery();
        if (q != null) {
            for (String p : q.split("&")) {
                if (p.startsWith(name + "=")) {
                    return URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private RecordedAws.Reply getTable(RecordedAws.Call c) {
        JsonNode b = body(c);
        ObjectNode t = tables.get(b.get("DatabaseName").asText() + "." + b.get("Name").asText());
        if (t == null) {
            return new RecordedAws.Reply(400, RecordedAws.error("EntityNotFoundException", "Table not found"));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("Table", t);
        return ok(out.toString());
    }

    private RecordedAws.Reply getTables(RecordedAws.Call c) {
        String db = body(c).get("DatabaseName").asText();
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("TableList");
        tables.forEach((k, v) -> {
            if (k.startsWith(db + ".")) {
                list.add(v);
            }
        });
        return ok(out.toString());
    }

    private RecordedAws.Reply putTable(RecordedAws.Call c, boolean update) {
        JsonNode b = body(c);
        String db = b.get("DatabaseName").asText();
        ObjectNode input = (ObjectNode) b.get("TableInput").deepCopy();
        input.put("DatabaseName", db);
        String key = db + "." + input.get("Name").asText();
        if (update != tables.containsKey(key)) {
            return new RecordedAws.Reply(400, RecordedAws.error(update ? "EntityNotFoundException" : "AlreadyExistsException", key));
        }
        tables.put(key, input);
        return ok("{}");
    }

    private RecordedAws.Reply deleteTable(RecordedAws.Call c) {
        JsonNode b = body(c);
        return tables.remove(b.get("DatabaseName").asText() + "." + b.get("Name").asText()) == null
                ? new RecordedAws.Reply(400, RecordedAws.error("EntityNotFoundException", "Table not found")) : ok("{}");
    }

    private RecordedAws.Reply list(RecordedAws.Call c) {
        String bucket = bucket(c);
        String query = URI.create(c.uri()).getRawQuery();
        String prefix = "";
        for (String p : query.split("&")) {
            if (p.startsWith("prefix=")) {
                prefix = URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8);
            }
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Name>" + bucket + "</Name><IsTruncated>false</IsTruncated>");
        String start = "s3://" + bucket + "/" + prefix;
        objects.forEach((k, v) -> {
            if (k.startsWith(start)) {
                sb.append("<Contents><Key>").append(k.substring(("s3://" + bucket + "/").length())).append("</Key><ETag>\"e")
                        .append(v.length).append("\"</ETag><Size>").append(v.length).append("</Size></Contents>");
            }
        });
        return ok(sb.append("</ListBucketResult>").toString());
    }

    private RecordedAws.Reply start(RecordedAws.Call c) {
        String q = body(c).get("QueryString").asText();
        sql.add(q);
        LakeEngine.Result r = engine.run(q);
        Matcher ctas = Pattern.compile("(?s)^create table \"(\\w+)\"\\.\"(\\w+)\"\\nwith \\(.*location = '([^']+)'.*").matcher(q);
        if (ctas.matches()) {
            ObjectNode t = JSON.createObjectNode();
            t.put("Name", ctas.group(2)).put("DatabaseName", ctas.group(1)).put("TableType", "EXTERNAL_TABLE");
            ObjectNode sd = t.putObject("StorageDescriptor");
            LakeEngine.setColumns(sd, r);
            sd.put("Location", ctas.group(3));
            t.putObject("Parameters").put("table_type", "ICEBERG").put("metadata_location", ctas.group(3) + "metadata/0.json");
            tables.put(ctas.group(1) + "." + ctas.group(2), t);
        }
        Matcher add = Pattern.compile("^alter table `(\\w+)`\\.`(\\w+)` add columns \\((.*)\\)$").matcher(q);
        if (add.matches()) {
            ArrayNode cols = (ArrayNode) tables.get(add.group(1) + "." + add.group(2)).get("StorageDescriptor").get("Columns");
            for (String col : add.group(3).split(", ")) {
                String[] nt = col.split(" ", 2);
                cols.addObject().put("Name", nt[0].replace("`", "")).put("Type", nt[1]);
            }
        }
        String id = "q-" + queries.incrementAndGet();
        answers.put(id, r);
        return ok("{\"QueryExecutionId\":\"" + id + "\"}");
    }

    private RecordedAws.Reply results(RecordedAws.Call c) {
        LakeEngine.Result r = answers.get(body(c).get("QueryExecutionId").asText());
        ObjectNode out = JSON.createObjectNode();
        ObjectNode rs = out.putObject("ResultSet");
        ArrayNode info = rs.putObject("ResultSetMetadata").putArray("ColumnInfo");
        ArrayNode rows = rs.putArray("Rows");
        if (r.rows().isEmpty() && r.names().isEmpty()) {
            return ok(out.toString());
        }
        ArrayNode header = rows.addObject().putArray("Data");
        for (int i = 0; i < r.names().size(); i++) {
            info.addObject().put("Name", r.names().get(i)).put("Label", r.names().get(i)).put("Type", r.types().get(i));
            header.addObject().put("VarCharValue", r.names().get(i));
        }
        for (List<String> row : r.rows()) {
            ArrayNode data = rows.addObject().putArray("Data");
            row.forEach(v -> {
                ObjectNode cell = data.addObject();
                if (v != null) {
                    cell.put("VarCharValue", v);
                }
            });
        }
        return ok(out.toString());
    }

    private static RecordedAws.Reply ok(String body) {
        return new RecordedAws.Reply(200, body);
    }

    private static JsonNode body(RecordedAws.Call c) {
        try {
            return JSON.readTree(c.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String bucket(RecordedAws.Call c) {
        String host = URI.create(c.uri()).getHost();
        return host.substring(0, host.indexOf(".s3."));
    }

    private static String s3(RecordedAws.Call c) {
        URI u = URI.create(c.uri());
        return "s3://" + bucket(c) + "/" + URLDecoder.decode(u.getRawPath().substring(1), StandardCharsets.UTF_8);
    }
}
