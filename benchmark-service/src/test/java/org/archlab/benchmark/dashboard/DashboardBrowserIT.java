package org.archlab.benchmark.dashboard;

import org.archlab.benchmark.BenchmarkServiceTest;
import org.archlab.benchmark.JobClient;
import org.archlab.benchmark.standins.InferenceStandIn;
import org.archlab.benchmark.standins.RegistryStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dashboard in Debian's headless Chromium, driven by Debian's chromedriver (./archlab test installs
 * both): a person queues a benchmark through the form, watches it finish and reads the numbers side by
 * side. The screenshot lands in target/dashboard.png for a person to look at.
 */
@BenchmarkServiceTest
class DashboardBrowserIT {

    private static Path profile;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void openBrowser() throws IOException {
        profile = Files.createTempDirectory("archlab-chromium-");
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(setting("ARCHLAB_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        var options = new ChromeOptions().setBinary(setting("ARCHLAB_CHROMIUM", "/usr/bin/chromium"))
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync", "--user-data-dir=" + profile,
                        "--window-size=1440,2500", "--hide-scrollbars");
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void a_benchmark_queued_through_the_form_finishes_and_its_numbers_stand_side_by_side() throws IOException {
        String first = JobClient.architecture("qwen3-browser");
        String second = JobClient.architecture("llama-browser");
        browser.get("http://localhost:" + port + "/dashboard/");

        replace(browser.findElement(By.id("api-key")), "test-key");
        browser.findElement(By.cssSelector("#key-form button")).click();
        replace(browser.findElement(By.id("architectures")), first + ", " + second);
        replace(browser.findElement(By.id("contexts")), "512, 2048, 4096");
        replace(browser.findElement(By.id("label")), "browser " + first);
        browser.findElement(By.id("submit-job")).click();

        var wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.until(page -> !page.findElements(By.xpath(
                "//li[contains(@class,'job') and @data-status='SUCCEEDED' and contains(., '" + first + "')]")).isEmpty());
        String expectedFirst = String.format(Locale.ROOT, "%.2f", InferenceStandIn.decodeTokensPerSecond(first, 4096));
        String expectedSecond = String.format(Locale.ROOT, "%.2f", InferenceStandIn.decodeTokensPerSecond(second, 4096));
        wait.until(page -> {
            String comparison = page.findElement(By.id("compare-table")).getText();
            return comparison.contains(first) && comparison.contains(expectedFirst) && comparison.contains(expectedSecond);
        });

        String comparison = browser.findElement(By.id("compare-table")).getText();
        assertThat(comparison).contains("decode tok/s", "at 4k tokens", expectedFirst, expectedSecond);
        assertThat(((JavascriptExecutor) browser).executeScript("return localStorage.getItem('archlab.apiKey')")).isEqualTo("test-key");
        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void a_scaled_benchmark_shows_under_its_original_labelled_as_scaled_with_the_full_size_estimate_apart() throws IOException {
        String label = JobClient.architecture("browser-scaled");
        browser.get("http://localhost:" + port + "/dashboard/");
        replace(browser.findElement(By.id("api-key")), "test-key");
        browser.findElement(By.cssSelector("#key-form button")).click();
        replace(browser.findElement(By.id("architectures")), "deepseek-v3");
        // 4096, the context the page shows first, so that the other test here finds its numbers where it looks.
        replace(browser.findElement(By.id("contexts")), "4096");
        replace(browser.findElement(By.id("label")), label);
        new Select(browser.findElement(By.id("scale"))).selectByValue("fit");
        browser.findElement(By.id("submit-job")).click();

        var wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.until(page -> !page.findElements(By.xpath(
                "//li[contains(@class,'job') and @data-status='SUCCEEDED' and contains(., '" + label + "')]")).isEmpty());
        wait.until(page -> page.findElement(By.id("compare-table")).getText().contains("full size: decode tok/s (estimate)"));

        String comparison = browser.findElement(By.id("compare-table")).getText();
        assertThat(comparison).contains("deepseek-v3 (scaled: ", "/61 layers", "/256 experts", "scaled", "≈ ");
        WebElement estimate = browser.findElement(By.cssSelector("#compare-table td.estimate"));
        assertThat(estimate.getAttribute("title")).startsWith("Estimate, not a measurement");
        assertThat(estimate.getCssValue("border-bottom-style")).isEqualTo("dashed");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "dashboard-scaled.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @SuppressWarnings("unchecked")
    void throughput_over_batch_size_is_one_curve_per_architecture_with_where_the_kv_budget_ends_it_marked() throws IOException {
        String architecture = JobClient.architecture("browser-batch");
        var jobs = new JobClient(port);
        jobs.awaitStatus(jobs.submit("""
                {"architectures": ["%s"], "contextLengths": [8192], "batchSizes": [1, 8, 32]}""".formatted(architecture)), "SUCCEEDED");
        browser.get("http://localhost:" + port + "/dashboard/");
        replace(browser.findElement(By.id("api-key")), "test-key");
        browser.findElement(By.cssSelector("#key-form button")).click();

        var wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.until(page -> !page.findElements(By.cssSelector("#batch-context option[value='8192']")).isEmpty());
        new Select(browser.findElement(By.id("batch-context"))).selectByValue("8192");
        String datasets = """
                const chart = Chart.getChart('batch-curve');
                return chart == null ? [] : chart.data.datasets.map((d, i) => ({architecture: d.architecture, kvBudget: !!d.kvBudget,
                    label: d.label, xs: d.data.map((p) => p.x), drawn: chart.getDatasetMeta(i).data.length, dash: d.borderDash || []}))
                  .filter((d) => d.architecture === arguments[0]);""";
        wait.until(page -> ((List<?>) ((JavascriptExecutor) page).executeScript(datasets, architecture)).size() == 2);

        var drawn = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript(datasets, architecture);
        var curve = drawn.stream().filter(d -> !(Boolean) d.get("kvBudget")).findFirst().orElseThrow();
        var end = drawn.stream().filter(d -> (Boolean) d.get("kvBudget")).findFirst().orElseThrow();
        assertThat((List<Number>) curve.get("xs")).extracting(Number::doubleValue).containsExactly(0.0, 3.0, 5.0);
        assertThat(((Number) curve.get("drawn")).intValue()).isEqualTo(3);
        long budgetBatch = InferenceStandIn.KV_BUDGET_BYTES / RegistryStandIn.theoreticalKvBytes(architecture, 8192);
        // Drawn at log2 of the batch, the curve's end as a vertical line of two points.
        assertThat((List<Number>) end.get("xs")).hasSize(2).allSatisfy(x -> assertThat(Math.pow(2, x.doubleValue()))
                .isCloseTo(budgetBatch, within(1e-9)));
        assertThat(((Number) end.get("drawn")).intValue()).isEqualTo(2);
        assertThat((List<?>) end.get("dash")).isNotEmpty();
        assertThat((String) end.get("label")).isEqualTo(architecture + ": KV budget ends at batch " + budgetBatch);
        assertThat(browser.findElement(By.id("batch-note")).getText()).contains("KV budget of 4.0 GiB");
        Files.createDirectories(Path.of("target"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('batch').scrollIntoView()");
        Files.write(Path.of("target", "dashboard-batch.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static void replace(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
