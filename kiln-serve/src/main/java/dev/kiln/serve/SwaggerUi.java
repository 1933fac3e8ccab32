package dev.kiln.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swagger UI at {@code /docs}, served from the {@code org.webjars:swagger-ui} WebJar on the
 * class path, pointed at {@code /openapi.json}.
 */
final class SwaggerUi {

    private static final String POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css",
            "png", "image/png", "html", "text/html; charset=utf-8");

    private final String base;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    SwaggerUi() {
        String version = null;
        try (InputStream in = SwaggerUi.class.getResourceAsStream(POM)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                version = p.getProperty("version");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.base = version == null ? null : "/META-INF/resources/webjars/swagger-ui/" + version + "/";
    }

    ApiResponse page() {
        if (base == null) {
            return ApiResponse.error(404, "Swagger UI is not on the class path (org.webjars:swagger-ui); "
                    + "/openapi.json has the API's description.");
        }
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>API docs</title>
                  <link rel="stylesheet" href="/docs/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="/docs/swagger-ui-bundle.js"></script>
                  <script src="/docs/kiln-init.js"></script>
                </body>
                </html>
                """;
        return new ApiResponse(200, Map.of("Content-Type", TYPES.get("html")), html.getBytes(StandardCharsets.UTF_8));
    }

    ApiResponse resource(String name) {
        if (name.equals("kiln-init.js")) {
            String js = "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true});\n";
            return new ApiResponse(200, Map.of("Content-Type", TYPES.get("js")), js.getBytes(StandardCharsets.UTF_8));
        }
        if (base == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            return ApiResponse.error(404, "No such file: /docs/" + name);
        }
        byte[] body = cache.computeIfAbsent(name, n -> {
            try (InputStream in = SwaggerUi.class.getResourceAsStream(base + n)) {
                return in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (body.length == 0) {
            return ApiResponse.error(404, "No such file: /docs/" + name);
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return new ApiResponse(200, Map.of("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"),
                "Cache-Control", "public, max-age=86400"), body);
    }
}
