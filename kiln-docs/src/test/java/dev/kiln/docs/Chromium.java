package dev.kiln.docs;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's Chromium driven by Debian's chromedriver (apt-get install chromium chromium-driver;
 * .ci/run installs them), headless, with a fresh profile and nothing that reaches the network.
 * Paths may be overridden with KILN_CHROMIUM and KILN_CHROMEDRIVER.
 */
final class Chromium {

    static final String BINARY = System.getenv().getOrDefault("KILN_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = System.getenv().getOrDefault("KILN_CHROMEDRIVER", "/usr/bin/chromedriver");

    private Chromium() {
    }

    /** A new browser with a window of {@code width}×{@code height}; the caller quits it. */
    static ChromeDriver start(Path profile, int width, int height) {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver (" + BINARY
                    + ", " + DRIVER + "): apt-get install -y chromium chromium-driver (.ci/run does).");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Saves a screenshot of the page as {@code file} (a PNG). */
    static Path screenshot(ChromeDriver driver, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
