package dev.kiln.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An S3-compatible endpoint on 127.0.0.1 for the S3 path of {@code from: files}: path-style
 * {@code ListObjectsV2} (two keys a page, so paging is exercised) and {@code GetObject} with
 * MD5 ETags, {@code If-Match} and {@code Range} ({@code bytes=a-b}, {@code bytes=-n}: 206 with
 * those bytes). Requests are recorded with their signature scheme and range.
 */
final class LoopbackS3 implements AutoCloseable {

    /** A request: method, path and query, the scheme of its Authorization header, its Range header (or null). */
    record Request(String method, String target, String auth, String range) {
    }

    private final HttpServer server;
    final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    LoopbackS3() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void put(String bucketAndKey, String content) {
        objects.put(bucketAndKey, content.getBytes(StandardCharsets.UTF_8));
    }

    static String etag(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8).substring(1);
        String query = ex.getRequestURI().getRawQuery();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), auth == null ? "none" : auth.split(" ")[0],
                range));
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, error("MethodNotAllowed"));
            } else if (query != null && query.contains("list-type=2")) {
                list(ex, path, params(query));
            } else {
                byte[] b = objects.get(path);
                if (b == null) {
                    send(ex, 404, error("NoSuchKey"));
                    return;
                }
                String match = ex.getRequestHeaders().getFirst("If-Match");
                if (match != null && !match.replace("\"", "").equals(etag(b))) {
                    send(ex, 412, error("PreconditionFailed"));
                    return;
                }
                ex.getResponseHeaders().add("ETag", "\"" + etag(b) + "\"");
                ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                int from = 0;
                int to = b.length;
                if (range != null && range.startsWith("bytes=")) {
                    String[] r = range.substring(6).split("-", -1);
                    from = r[0].isEmpty() ? Math.max(0, b.length - Integer.parseInt(r[1])) : Integer.parseInt(r[0]);
                    to = r[0].isEmpty() || r[1].isEmpty() ? b.length : Math.min(b.length, Integer.parseInt(r[1]) + 1);
                    ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + b.length);
                }
                ex.sendResponseHeaders(range != null ? 206 : 200, to - from);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b, from, to - from);
                }
            }
        }
    }

    private void list(HttpExchange ex, String bucket, Map<String, String> q) throws IOException {
        String prefix = bucket + "/" + q.getOrDefault("prefix", "");
        List<String> keys = new ArrayList<>(new TreeMap<>(objects).keySet().stream().filter(k -> k.startsWith(prefix)).toList());
        int from = q.containsKey("continuation-token") ? Integer.parseInt(q.get("continuation-token")) : 0;
        int to = Math.min(keys.size(), from + 2);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + bucket + "</Name><KeyCount>" + (to - from)
                + "</KeyCount><IsTruncated>" + (to < keys.size()) + "</IsTruncated>");
        if (to < keys.size()) {
            sb.append("<NextContinuationToken>").append(to).append("</NextContinuationToken>");
        }
        for (String k : keys.subList(from, to)) {
            byte[] b = objects.get(k);
            sb.append("<Contents><Key>").append(k.substring(bucket.length() + 1)).append("</Key><ETag>&quot;")
                    .append(etag(b)).append("&quot;</ETag><Size>").append(b.length).append("</Size></Contents>");
        }
        send(ex, 200, sb.append("</ListBucketResult>").toString());
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            out.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>";
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
