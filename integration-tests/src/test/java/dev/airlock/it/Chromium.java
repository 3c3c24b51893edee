package dev.airlock.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Headless Debian Chromium driven by Playwright for Java, the way an approver's browser opens a
 * page; screenshots are kept under {@code integration-tests/target/screenshots/}.
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("AIRLOCK_CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("airlock.screenshots", "target/screenshots"));

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Chromium start() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("No Chromium at " + EXECUTABLE + ": apt-get install chromium (.ci/run does), "
                    + "or set AIRLOCK_CHROMIUM to a Chromium binary.");
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setHeadless(true)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * A page the size of a phone: the approver may well be on one. Every page it loads is kept
     * as evidence for the canary scan, like any other response of the gateway.
     */
    Page phone() {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(390, 844));
        page.onLoad(loaded -> Evidence.browserPage(loaded.url(), loaded.content()));
        return page;
    }

    static Path screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
