package dev.kiln.docs;

import dev.kiln.Kiln;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated site in a real browser (Debian's Chromium, headless, opened from file:// with
 * no server): rendering, search, navigation, a click on the lineage graph and a click on a
 * column for its lineage. Screenshots go to target/docs-screenshots/ for people to look at.
 */
class DocsBrowserTest {

    static final Path SHOTS = Path.of("target", "docs-screenshots");

    @TempDir
    static Path dir;
    @TempDir
    static Path profile;
    static ChromeDriver browser;
    static String index;

    @BeforeAll
    static void generateAndOpen() {
        ShopProject.built(dir);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            index = DocsSite.generate(kiln, DocsSite.Options.DEFAULTS).index().toUri().toString();
        }
        browser = Chromium.start(profile, 1400, 900);
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void open(String hash) {
        browser.get("about:blank");
        browser.get(index + hash);
        waiting().until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.kilnReady === true")));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @Test
    void overviewRendersFromFileWithNoServer() {
        open("");
        WebElement main = browser.findElement(By.id("main"));
        assertThat(main.findElement(By.tagName("h1")).getText()).isEqualTo("shop");
        assertThat(main.getText()).contains("Welcome to the shop project's documentation.", "3\nModels", "2\nSeeds");
        assertThat(main.findElement(By.cssSelector(".md strong")).getText()).isEqualTo("shop");
        // the sidebar opens folder by folder
        browser.findElement(By.cssSelector(".tree-group[data-type=model] > .tree-label")).click();
        browser.findElement(By.xpath("//div[@class='tree-folder']/div[starts-with(normalize-space(.), 'models')]")).click();
        assertThat(browser.findElement(By.id("sidebar")).getText()).contains("staging", "marts");
        Chromium.screenshot(browser, SHOTS.resolve("overview.png"));
    }

    @Test
    void searchFindsModelsByNameColumnAndDescriptionAndOpensThePage() {
        open("");
        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("customer_name");
        WebElement results = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("search-results")));
        waiting().until(d -> results.getText().contains("customer_revenue"));
        assertThat(results.getText()).contains("stg_customers", "column customer_name");
        search.clear();
        search.sendKeys("ordered");
        waiting().until(d -> results.getText().contains("customer_revenue") && !results.getText().contains("stg_customers"));
        search.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.textToBe(By.id("node-title"), "customer_revenue"));
        WebElement columns = browser.findElement(By.id("columns"));
        assertThat(columns.getText()).contains("customer_id", "customer_name", "VARCHAR", "revenue",
                "Sum of the customer's order amounts.", "pass not_null");
        assertThat(browser.findElement(By.id("main")).getText()).contains("finance-team", "revenue_dashboard", "#finance",
                "Row count", "table");
        // compiled SQL on a click
        browser.findElement(By.cssSelector(".tabs button[data-code=sql]")).click();
        assertThat(browser.findElement(By.id("code")).getText()).contains("sum(o.amount)").doesNotContain("${ref");
        Chromium.screenshot(browser, SHOTS.resolve("model.png"));
    }

    @Test
    void navigationFollowsLinksAndDeepLinksAndTheBackButton() {
        open("#!/node/model.shop.stg_customers");
        waiting().until(ExpectedConditions.textToBe(By.id("node-title"), "stg_customers"));
        assertThat(browser.findElement(By.id("columns")).getText()).contains("warn accepted_values");
        browser.findElement(By.linkText("customer_revenue")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("node-title"), "customer_revenue"));
        browser.findElement(By.linkText("stg_orders")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("node-title"), "stg_orders"));
        browser.navigate().back();
        waiting().until(ExpectedConditions.textToBe(By.id("node-title"), "customer_revenue"));
        open("#!/node/source.shop.events.clicks");
        waiting().until(ExpectedConditions.textToBe(By.id("node-title"), "events.clicks"));
        assertThat(browser.findElement(By.id("main")).getText()).contains("clicked_at", "never (kiln source freshness)");
    }

    @Test
    void clickingANodeInTheLineageShowsItAndClickingAColumnShowsItsLineage() {
        open("#!/lineage/model.shop.stg_orders");
        waiting().until(d -> js("return KilnDocs.graph() && KilnDocs.graph().nodes().length") != null);
        // ±1 hop around stg_orders: the orders seed and customer_revenue
        assertThat((Long) js("return KilnDocs.graph().nodes().length")).isEqualTo(3L);
        clickNode("model.shop.customer_revenue");
        waiting().until(ExpectedConditions.textToBe(By.id("panel-title"), "customer_revenue"));
        assertThat(browser.findElement(By.id("panel")).getText()).contains("2 parents, 1 children");
        browser.findElement(By.id("up1")).click();
        waiting().until(d -> ((Long) js("return KilnDocs.graph().nodes().length")) == 4L);
        Chromium.screenshot(browser, SHOTS.resolve("lineage.png"));

        browser.findElement(By.cssSelector("#panel .col-link[data-col=revenue]")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("column-title"), "customer_revenue.revenue"));
        WebElement upstream = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("upstream")));
        assertThat(upstream.getText()).contains("stg_orders.amount transformed, 1 step",
                "orders.amount_cents transformed, 2 steps");
        Chromium.screenshot(browser, SHOTS.resolve("column-lineage.png"));

        // downstream, from a column page link on the model page
        open("#!/column/seed.shop.customers/name");
        waiting().until(ExpectedConditions.textToBe(By.id("column-title"), "customers.name"));
        assertThat(waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("downstream"))).getText())
                .contains("stg_customers.customer_name transformed, 1 step", "customer_revenue.customer_name transformed, 2 steps");
    }

    @Test
    void theSelectionFilterTakesDbtSyntax() {
        open("#!/lineage");
        WebElement select = browser.findElement(By.id("select"));
        select.sendKeys("+customer_revenue", Keys.ENTER);
        waiting().until(d -> js("return KilnDocs.graph() && KilnDocs.graph().nodes().length") != null
                && ((Long) js("return KilnDocs.graph().nodes().length")) == 5L);
        browser.findElement(By.id("select")).clear();
        browser.findElement(By.id("select")).sendKeys("tag:finance resource_type:seed", Keys.ENTER);
        waiting().until(d -> ((Long) js("return KilnDocs.graph().nodes().length")) == 3L);
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) js("return KilnDocs.graph().nodes().map(n => n.data('label').replace(/\\s+⋯$/, '')).sort()");
        assertThat(labels).containsExactly("customer_revenue", "customers", "orders");
        browser.findElement(By.id("select")).clear();
        browser.findElement(By.id("select")).sendKeys("nonsense:x", Keys.ENTER);
        waiting().until(d -> browser.findElement(By.id("panel")).getText().contains("Unknown selector method"));
    }

    private static void clickNode(String uniqueId) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) js("var i = KILN_GRAPH.nodes.findIndex(n => n.i === arguments[0]);"
                + "var p = KilnDocs.graph().getElementById(String(i)).renderedPosition();"
                + "var r = document.getElementById('graph').getBoundingClientRect(); return [p.x, p.y, r.width, r.height];", uniqueId);
        WebElement graph = browser.findElement(By.id("graph"));
        new Actions(browser).moveToElement(graph, (int) (at.get(0).doubleValue() - at.get(2).doubleValue() / 2),
                (int) (at.get(1).doubleValue() - at.get(3).doubleValue() / 2)).click().perform();
    }
}
