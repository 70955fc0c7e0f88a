package io.streamyolo.dashboard.testutils;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the end-to-end tests: Debian's Chromium, headless, driven by Debian's
 * chromedriver. Both paths are given to Selenium, so its driver manager downloads nothing.
 */
public final class Browsers {

    public static final Path CHROMIUM = Path.of(System.getProperty("streamyolo.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("streamyolo.chromedriver", "/usr/bin/chromedriver"));

    private Browsers() {}

    /**
     * A new headless Chromium.
     *
     * @throws IllegalStateException naming the Debian packages when Chromium or its driver is missing:
     *     these tests need a real browser and fail without one
     */
    public static ChromeDriver chromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The dashboard's browser tests drive a real Chromium, and " + CHROMIUM + " or "
                    + CHROMEDRIVER + " is missing: install them with 'apt-get install -y chromium chromium-driver'");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--hide-scrollbars", "--mute-audio", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
