package dev.kiln.docs.bench;

import dev.kiln.Kiln;
import dev.kiln.docs.DocsSite;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The docs site on a big project (benchmarks/docs.sh; see docs/benchmarks.md, "Docs site"):
 * generate time, then in headless Chromium the time until the page is interactive, a search, the
 * default lineage view, and the lineage of a node with about 1,000 ancestors (all drawn), with the
 * page's responsiveness right after.
 *
 * <p>Usage: {@code DocsBenchmark PROJECT_DIR [--tables]}: with {@code --tables}, every model's
 * table is first created in the project's DuckDB file so that the catalog read has 10,000
 * relations to describe.
 */
public final class DocsBenchmark {

    private DocsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]).toAbsolutePath();
        if (project.getFileName().toString().equals("index.html")) { // a site generated before: the browser part only
            browse(project);
            return;
        }
        boolean tables = List.of(args).contains("--tables");
        long models;
        try (var files = Files.list(project.resolve("models"))) {
            models = files.filter(p -> p.toString().endsWith(".sql")).count();
        }
        System.out.printf(Locale.ROOT, "project: %s (%,d models); load average %s%n", project, models, load());
        fanIn(project, models);
        if (tables) {
            createTables(project, models);
        }
        DocsSite.Result site = null;
        for (int run = 1; run <= 2; run++) {
            long t0 = System.nanoTime();
            try (Kiln kiln = Kiln.configure().projectDir(project).load()) {
                kiln.compile();
                kiln.analysis();
                long compiled = System.nanoTime();
                java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = cpu.getCurrentThreadCpuTime();
                site = DocsSite.generate(kiln, new DocsSite.Options(!tables));
                long cpu1 = cpu.getCurrentThreadCpuTime();
                long total = System.nanoTime() - t0;
                System.out.printf(Locale.ROOT, "kiln docs generate #%d (analysis %s): load+compile+analyse %.2f s; then read catalog"
                                + " %.2f s (%,d relations found), write site %.2f s (%.2f s CPU); total %.2f s in-process;"
                                + " load average %s%n", run, run == 1 ? "cold" : "warm, from target/analysis-cache",
                        (compiled - t0) / 1e9, secs(site.readCatalog()), site.catalog().nodes().size(), secs(site.write()),
                        (cpu1 - cpu0) / 1e9, total / 1e9, load());
            }
        }
        long bytes;
        try (var files = Files.walk(site.site())) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "site: %,d nodes, %.1f MB (graph.js %.1f MB)%n", site.nodes(), bytes / 1e6,
                Files.size(site.site().resolve("data/graph.js")) / 1e6);
        browse(site.index());
    }

    private static void browse(Path index) throws Exception {
        Path profile = Files.createTempDirectory("kiln-docs-bench-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("KILN_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(
                new File(System.getenv().getOrDefault("KILN_CHROMEDRIVER", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
            JavascriptExecutor js = browser;
            for (int run = 1; run <= 3; run++) {
                browser.get("about:blank");
                browser.get(index.toUri().toString());
                wait.until(d -> Boolean.TRUE.equals(js.executeScript("return window.kilnReady === true")));
                Number ready = (Number) js.executeScript("return window.kilnReadyAt");
                Number loaded = (Number) js.executeScript("return performance.timing.loadEventEnd - performance.timing.navigationStart");
                System.out.printf(Locale.ROOT, "open #%d: interactive %.0f ms after navigation start (load event %s ms); load average %s%n",
                        run, ready.doubleValue(), loaded, load());
            }
            Number searchMs = (Number) js.executeScript("var t = performance.now(); KilnDocs.find('m_99', 0);"
                    + " KilnDocs.find('amount', 0); return (performance.now() - t) / 2;");
            System.out.printf(Locale.ROOT, "search (every node, names+columns+descriptions): %.1f ms per query%n", searchMs.doubleValue());
            long t = System.nanoTime();
            WebElement box = browser.findElement(By.id("search"));
            box.sendKeys("m_4242");
            wait.until(d -> browser.findElement(By.id("search-results")).getText().contains("m_4242"));
            System.out.printf(Locale.ROOT, "search typed to results shown (through WebDriver): %.0f ms%n", (System.nanoTime() - t) / 1e6);

            t = System.nanoTime();
            browser.get(index.toUri() + "#!/lineage");
            wait.until(d -> js.executeScript("return window.kilnLastDraw") != null);
            System.out.printf(Locale.ROOT, "lineage (default node ±1 hop): drawn in %.0f ms in the page, %.0f ms from the click%n",
                    ((Number) js.executeScript("return window.kilnLastDraw.ms")).doubleValue(), (System.nanoTime() - t) / 1e6);

            @SuppressWarnings("unchecked")
            List<Object> pick = (List<Object>) js.executeScript(
                    "var G = KILN_GRAPH, best = G.nodes.findIndex(n => n.i === 'model.synth.fan_in');"
                            + "if (best < 0) return [null, 0];"
                            + "var seen = new Set(), stack = G.nodes[best].u.slice();"
                            + "while (stack.length) { var p = stack.pop(); if (!seen.has(p)) { seen.add(p); stack.push.apply(stack, G.nodes[p].u); } }"
                            + "return [G.nodes[best].i, seen.size];");
            if (pick.get(0) == null) {
                System.out.println("no fan_in model in this project");
                return;
            }
            String id = (String) pick.get(0);
            browser.get(index.toUri() + "#!/lineage/" + id);
            wait.until(d -> Boolean.TRUE.equals(js.executeScript("return !!(KilnDocs.graph() && KilnDocs.graph().nodes().length)")));
            js.executeScript("window.kilnLastDraw = null; window.kilnLongest = 0;"
                    + "try { new PerformanceObserver(l => l.getEntries().forEach(e => window.kilnLongest = Math.max(window.kilnLongest, e.duration)))"
                    + ".observe({type: 'longtask'}); } catch (e) {}");
            t = System.nanoTime();
            browser.findElement(By.id("allup")).click();
            wait.until(d -> js.executeScript("return window.kilnLastDraw") != null);
            double clickToDrawn = (System.nanoTime() - t) / 1e6;
            long t2 = System.nanoTime();
            js.executeScript("return 1");
            double nextAnswer = (System.nanoTime() - t2) / 1e6;
            Thread.sleep(1500);
            System.out.printf(Locale.ROOT, "all ancestors of %s (%s ancestors): %s nodes drawn in %.0f ms in the page (layout %.0f ms),"
                            + " %.0f ms from the click; the page answered %.0f ms later; longest task %.0f ms; load average %s%n",
                    id, pick.get(1), js.executeScript("return window.kilnLastDraw.nodes"),
                    ((Number) js.executeScript("return window.kilnLastDraw.ms")).doubleValue(),
                    ((Number) js.executeScript("return window.kilnLastDraw.layoutMs")).doubleValue(), clickToDrawn, nextAnswer,
                    ((Number) js.executeScript("return window.kilnLongest")).doubleValue(), load());
            t = System.nanoTime();
            js.executeScript("KilnDocs.graph().zoom(KilnDocs.graph().zoom() * 2); KilnDocs.graph().panBy({x: 200, y: 100});");
            System.out.printf(Locale.ROOT, "zoom and pan on it: %.0f ms%n", (System.nanoTime() - t) / 1e6);
        } finally {
            browser.quit();
        }
    }

    /**
     * The synthetic DAG has no node with 1,000 ancestors (each model reads 1-3 random earlier
     * ones, so ancestor sets stay in the hundreds): add {@code fan_in}, which reads the last
     * {@value #FAN_IN} models, whose ancestors together number about 1,000 (plus the sources the first models read).
     */
    private static void fanIn(Path project, long models) throws java.io.IOException {
        StringBuilder sql = new StringBuilder();
        for (long i = models - FAN_IN; i < models; i++) {
            sql.append(sql.length() == 0 ? "" : "union all\n").append("select id, amount, created_at from ${ref('m_")
                    .append(i).append("')}\n");
        }
        Files.writeString(project.resolve("models/fan_in.sql"), sql.toString());
    }

    private static final int FAN_IN = 32;

    private static void createTables(Path project, long models) throws Exception {
        Path db = project.resolve("target/synth.duckdb");
        Files.createDirectories(db.getParent());
        long t = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            for (int i = 0; i < models; i++) {
                st.execute("create or replace table main.m_" + i + " as select range as id, range * 1.5 as amount,"
                        + " now() as created_at from range(" + (i % 100) + ")");
            }
        }
        System.out.printf(Locale.ROOT, "created %,d tables in %.1f s%n", models, (System.nanoTime() - t) / 1e9);
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
