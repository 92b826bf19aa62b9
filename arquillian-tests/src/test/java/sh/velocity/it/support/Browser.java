package sh.velocity.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver, both Debian's packages ({@code .ci/setup-browser}
 * installs them): no driver is ever downloaded (the driver path is set, so Selenium Manager is not
 * asked). The flags keep it off the network: this machine reaches no host but its own.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VELOCITY_CHROMIUM", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getenv().getOrDefault("VELOCITY_CHROMEDRIVER",
            "/usr/bin/chromedriver"));

    /**
     * The accessibility smoke check, run in the page: every input, select and textarea has a label
     * (a {@code label for}, an enclosing label, aria-label or aria-labelledby), every img has alt
     * text, there is exactly one h1, and headings never skip a level going down.
     */
    private static final String A11Y = """
            const problems = [];
            for (const el of document.querySelectorAll('input, select, textarea')) {
              const type = (el.getAttribute('type') || '').toLowerCase();
              if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'reset' || type === 'image') continue;
              const labelled = (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'))
                || el.closest('label') || (el.getAttribute('aria-label') || '').trim()
                || (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby')));
              if (!labelled) problems.push('unlabelled ' + el.tagName.toLowerCase() + ' ' + (el.id || el.name));
            }
            for (const img of document.querySelectorAll('img')) {
              if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
            }
            for (const svg of document.querySelectorAll('svg')) {
              if (!svg.getAttribute('aria-label') && !svg.querySelector('title') && svg.getAttribute('aria-hidden') !== 'true')
                problems.push('svg without a title or aria-label');
            }
            for (const b of document.querySelectorAll('input[type=submit], button')) {
              if (!((b.value || b.textContent || '').trim() || b.getAttribute('aria-label'))) problems.push('button without a name');
            }
            const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]);
            if (headings.filter(l => l === 1).length !== 1) problems.push('expected exactly one h1, found ' + headings.filter(l => l === 1).length);
            if (headings.length && headings[0] !== 1) problems.push('the first heading is h' + headings[0]);
            for (let i = 1; i < headings.length; i++) {
              if (headings[i] > headings[i - 1] + 1) problems.push('heading skips from h' + headings[i - 1] + ' to h' + headings[i]);
            }
            if (!document.documentElement.getAttribute('lang')) problems.push('html without lang');
            if (!document.title.trim()) problems.push('page without a title');
            return problems;
            """;

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Null when the browser can run here; otherwise why not (the browser tests then skip, loudly). */
    public static String unavailable() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            return "Debian's chromium/chromium-driver are not installed (" + CHROMIUM + ", " + DRIVER
                    + "); .ci/setup-browser could not install them on this machine (see its output)";
        }
        return null;
    }

    public static Browser start() {
        try {
            Path profile = Files.createTempDirectory("velocity-chromium-");
            Path screenshots = Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));
            Files.createDirectories(screenshots);
            System.setProperty("webdriver.chrome.driver", DRIVER.toString());
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // The test server's HTTPS certificate is the self-signed one Liberty generated.
            options.setAcceptInsecureCerts(true);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().withLogOutput(java.io.OutputStream.nullOutputStream()).build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Browser(driver, profile, screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean present(String css) {
        return !findAll(css).isEmpty();
    }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks and waits for the next page (every console control is a link or a form post). */
    public void click(String css) {
        WebElement e = find(css);
        try {
            e.click();
        } catch (org.openqa.selenium.WebDriverException stale) {
            // ChromeDriver checks the element before it dispatches the click; when the document was
            // still settling it reports the node as stale ("does not belong to the document") and
            // clicks nothing. Find it again in the settled document and click once more.
            if (!gone(stale)) {
                throw stale;
            }
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(
                    d -> ((JavascriptExecutor) d).executeScript("return document.readyState").equals("complete"));
            e = find(css);
            e.click();
        }
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        WebElement clicked = e;
        wait.until(d -> detached(clicked));
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return document.readyState").equals("complete"));
    }

    /**
     * Whether the element has left the document (the next page replaced it). Like
     * {@code ExpectedConditions.stalenessOf}, but ChromeDriver also answers a detached node with a
     * plain "unknown error: … does not belong to the document" rather than a stale-element error.
     */
    private static boolean detached(WebElement e) {
        try {
            e.isEnabled();
            return false;
        } catch (org.openqa.selenium.WebDriverException ex) {
            if (gone(ex)) {
                return true;
            }
            throw ex;
        }
    }

    private static boolean gone(org.openqa.selenium.WebDriverException ex) {
        return ex instanceof org.openqa.selenium.StaleElementReferenceException
                || String.valueOf(ex.getMessage()).contains("does not belong to the document");
    }

    public String text(String css) {
        return find(css).getText();
    }

    public String source() {
        return driver.getPageSource();
    }

    /** The accessibility smoke check's findings on the current page (empty: it passes). */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityProblems() {
        return (List<String>) driver.executeScript(A11Y);
    }

    /** What the page keeps in the browser's storage (must stay empty). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> storage() {
        return (Map<String, Object>) driver.executeScript(
                "return {local: localStorage.length, session: sessionStorage.length, cookies: document.cookie};");
    }

    /** The page's source and a screenshot as {@code <name>.html}/{@code .png}, for a failed test. */
    public void dump(String name) {
        try {
            screenshot(name);
            Files.writeString(screenshots.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + source());
        } catch (RuntimeException | IOException e) {
            System.err.println("could not save the page of " + name + ": " + e);
        }
    }

    /** Saves a screenshot of the current page as {@code <name>.png} in the screenshots directory. */
    public Path screenshot(String name) {
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = screenshots.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}
