package org.archlab.e2e;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture explorer in real Chromium against the whole platform (registry on PostgreSQL, benchmark
 * service on Kafka, inference, gateway: processes from their jars), driven only through the gateway's root as a
 * person would: paste the key, browse the catalog, open diagrams, compare, derive and save a variant, queue its
 * benchmark and follow it to the dashboard. Every page is checked for console errors; the catalog, one
 * architecture page and one comparison are photographed into docs/images, so the pictures in the docs are of
 * the explorer as it is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserIT extends PlatformTest {

    private static final String VARIANT = "qwen3-0.6b-explorer-2-layers";

    private Browser browser;
    private Path screenshots;
    /** The job queued from the catalog, followed by the later tests. */
    private String benchmarkJob;

    @BeforeAll
    void openBrowser() {
        browser = new Browser();
        screenshots = Path.of(System.getProperty("archlab.e2e.screenshots", "target/screenshots"));
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Whatever a test did, the browser's console must not show an error. */
    @AfterEach
    void noConsoleErrors() {
        assertThat(browser.consoleErrors()).as("SEVERE entries in the browser's console").isEmpty();
    }

    @Test
    @Order(1)
    void the_root_asks_for_the_key_remembers_it_and_lists_every_architecture() {
        browser.open(platform.gatewayUrl() + "/");
        assertThat(browser.find("#needs-key").getText()).contains("API key");
        browser.find("#api-key").sendKeys(platform.apiKey());
        browser.find("#api-key").sendKeys(Keys.ENTER);
        awaitView("catalog");

        Set<String> registered = new TreeSet<>();
        for (JsonNode item : gateway.get("/api/v1/architectures?limit=200").json().get("items")) {
            registered.add(item.get("name").stringValue());
        }
        assertThat(rowNames()).containsExactlyInAnyOrderElementsOf(registered);
        assertThat(browser.script("return localStorage.getItem('archlab.apiKey')")).isEqualTo(platform.apiKey());

        // The key survives a reload: the explorer opens on the catalog, no key asked.
        browser.open(platform.gatewayUrl() + "/");
        awaitView("catalog");
        assertThat(browser.all("#needs-key")).isEmpty();

        // A filter shows what the registry's own filter returns.
        new Select(browser.find("#filter-attention")).selectByValue("MLA");
        Set<String> latent = new TreeSet<>();
        for (JsonNode item : gateway.get("/api/v1/architectures?attention=MLA&limit=200").json().get("items")) {
            latent.add(item.get("name").stringValue());
        }
        assertThat(rowNames()).containsExactlyInAnyOrderElementsOf(latent).contains("deepseek-v3");
        // The URL holds the filter: opened again, it shows the same rows.
        String permalink = (String) browser.script("return location.href");
        assertThat(permalink).contains("attention=MLA");
        browser.open(platform.gatewayUrl() + "/");
        awaitView("catalog");
        assertThat(rowNames()).hasSize(registered.size());
        openView(permalink.substring(permalink.indexOf('#')), "catalog");
        assertThat(rowNames()).containsExactlyInAnyOrderElementsOf(latent);
        new Select(browser.find("#filter-attention")).selectByValue("");

        // Sorting by keyboard: the column's button takes Enter; the largest KV cache per token comes first.
        WebElement sortByKv = browser.find("button[data-sort='kvToken']");
        sortByKv.sendKeys(Keys.ENTER);
        assertThat(browser.find("th[aria-sort] button").getAttribute("data-sort")).isEqualTo("kvToken");
        assertThat(browser.find("th[aria-sort]").getAttribute("aria-sort")).isEqualTo("descending");
        String first = rowNames().getFirst();
        long firstKv = gateway.get("/api/v1/architectures/" + first + "/analysis?context=32768").json().get("kvCache").get("bytesPerToken").longValue();
        for (String other : List.of("deepseek-v3", "qwen3-0.6b", "gemma-3-27b")) {
            assertThat(firstKv).isGreaterThanOrEqualTo(
                    gateway.get("/api/v1/architectures/" + other + "/analysis?context=32768").json().get("kvCache").get("bytesPerToken").longValue());
        }
        // Everything the page loaded came from the gateway: it works offline.
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(loaded).isNotEmpty().allMatch(url -> url.startsWith(platform.gatewayUrl() + "/"));
        assertReadableAt1280();
        browser.screenshot(screenshots.resolve("explorer-catalog.png"));
    }

    @Test
    @Order(2)
    void deepseek_v3_is_drawn_with_latent_attention_and_a_shared_expert() {
        // Reached from the catalog by keyboard: its link takes Enter.
        openView("#/catalog", "catalog");
        browser.find("#catalog-table tr[data-name='deepseek-v3'] a.arch-link").sendKeys(Keys.ENTER);
        awaitView("architecture");
        assertThat(browser.find("#architecture").getAttribute("data-name")).isEqualTo("deepseek-v3");
        WebElement attention = browser.find("#architecture svg .box[data-part='attention']");
        assertThat(attention.getAttribute("data-role")).isEqualTo("MLA");
        assertThat(svgText(attention)).contains("Multi-head latent attention (MLA)", "KV latent 512", "Q latent 1,536");
        WebElement experts = browser.find("#architecture svg .box[data-part='ffn']");
        assertThat(svgText(experts)).contains("256 experts", "8 active", "shared expert");
        assertThat(browser.all("#architecture svg .shared-expert")).hasSize(1);
        // The schedule strip: the first three layers have a dense FFN, the other 58 a MoE.
        List<String> ffn = cells("ffn");
        assertThat(ffn).hasSize(61);
        assertThat(ffn.subList(0, 3)).containsOnly("DENSE");
        assertThat(ffn.subList(3, 61)).containsOnly("MOE");
        assertThat(browser.find("[data-figure='kv-token']").getText()).isNotBlank();
        assertReadableAt1280();
        browser.screenshot(screenshots.resolve("explorer-architecture.png"));
    }

    @Test
    @Order(3)
    void gemma_3_is_drawn_with_sandwich_norms_and_five_sliding_layers_to_one_full() {
        openView("#/architecture/gemma-3-27b", "architecture");
        WebElement diagram = browser.find("#architecture svg");
        assertThat(diagram.getAttribute("data-norm-placement")).isEqualTo("SANDWICH");
        assertThat(normRoles()).containsExactlyInAnyOrder("pre-attention", "post-attention", "pre-ffn", "post-ffn", "final");
        assertThat(svgText(browser.find("#architecture svg .box[data-part='attention']"))).contains("QK-Norm", "sliding window 1,024");
        List<String> mixers = cells("mixer");
        assertThat(mixers).hasSize(62);
        for (int i = 0; i < mixers.size(); i++) {
            assertThat(mixers.get(i)).as("layer " + i).isEqualTo(i % 6 == 5 ? "FULL" : "SLIDING");
        }
        assertThat(browser.find(".schedule .pattern").getText()).contains("5 sliding : 1 full");
        browser.screenshot(Path.of("target", "screenshots", "explorer-gemma-3.png"));

        // The same generator draws OLMo 2's post-norm: norms after each branch, none before.
        openView("#/architecture/olmo-2-1124-7b", "architecture");
        assertThat(browser.find("#architecture svg").getAttribute("data-norm-placement")).isEqualTo("POST");
        assertThat(normRoles()).containsExactlyInAnyOrder("post-attention", "post-ffn", "final");
    }

    @Test
    @Order(4)
    void qwen3_next_is_drawn_with_three_deltanet_layers_to_each_attention_layer() {
        openView("#/architecture/qwen3-next-80b-a3b", "architecture");
        assertThat(svgText(browser.find("#architecture svg .box[data-part='linear']"))).contains("Gated DeltaNet · 36×");
        assertThat(svgText(browser.find("#architecture svg .box[data-part='attention']"))).contains("Gated attention", "12×");
        assertThat(browser.find("#architecture svg [data-ratio]").getAttribute("data-ratio")).isEqualTo("3:1");
        List<String> mixers = cells("mixer");
        assertThat(mixers).hasSize(48);
        for (int i = 0; i < mixers.size(); i++) {
            assertThat(mixers.get(i)).as("layer " + i).isEqualTo(i % 4 == 3 ? "FULL" : "LINEAR");
        }
        assertThat(browser.find(".schedule .pattern").getText()).contains("3 DeltaNet : 1 full");
        browser.screenshot(Path.of("target", "screenshots", "explorer-qwen3-next.png"));
    }

    @Test
    @Order(5)
    void comparing_qwen3_235b_with_deepseek_v3_highlights_the_attention_kind_and_the_kv_bytes() {
        // Picked in the catalog; the comparison's URL is its permalink.
        openView("#/catalog", "catalog");
        assertThat(browser.find("#compare-selected").isEnabled()).isFalse();
        browser.find("#catalog-table tr[data-name='qwen3-235b-a22b'] input[type='checkbox']").sendKeys(Keys.SPACE);
        browser.find("#catalog-table tr[data-name='deepseek-v3'] input[type='checkbox']").sendKeys(Keys.SPACE);
        browser.find("#compare-selected").click();
        awaitView("compare");
        assertThat((String) browser.script("return location.hash")).contains("names=qwen3-235b-a22b%2Cdeepseek-v3").contains("context=32768");
        openView("#/compare?names=qwen3-235b-a22b,deepseek-v3&context=32768", "compare");
        WebElement kind = browser.find("#key-figures tr[data-row='attention-kind']");
        assertThat(kind.getAttribute("class")).contains("differs");
        assertThat(kind.getText()).contains("GQA", "MLA");
        WebElement kv = browser.find("#key-figures tr[data-row='kv-bytes-per-token']");
        assertThat(kv.getAttribute("class")).contains("differs");
        // Both diagrams mark their attention box as differing; the registry's compare endpoint says why.
        assertThat(browser.all("#diagrams figure")).hasSize(2);
        for (WebElement figure : browser.all("#diagrams figure")) {
            assertThat(figure.findElement(By.cssSelector(".box[data-part='attention']")).getAttribute("class")).contains("differs");
        }
        JsonNode compared = gateway.get("/api/v1/architectures/compare?names=qwen3-235b-a22b,deepseek-v3&context=32768").json();
        Set<String> fields = new TreeSet<>();
        compared.get("differences").forEach(d -> fields.add(d.get("field").stringValue()));
        assertThat(fields).contains("attention.kvHeads");
        assertThat(browser.all("#differences tbody tr")).hasSize(fields.size());
        assertThat(browser.all("#kv-chart, #params-chart, #weights-chart")).hasSize(3);
        assertReadableAt1280();
        browser.screenshot(screenshots.resolve("explorer-compare.png"));

        // Four at once still fit a 1280 px window.
        openView("#/compare?names=qwen3-235b-a22b,deepseek-v3,gemma-3-27b,qwen3-next-80b-a3b&context=131072", "compare");
        assertThat(browser.all("#diagrams figure")).hasSize(4);
        assertThat(browser.all("#key-figures thead th")).hasSize(5);
        assertReadableAt1280();
    }

    @Test
    @Order(6)
    void a_variant_derived_and_saved_in_the_page_appears_in_the_catalog_with_its_parent() {
        openView("#/derive/qwen3-0.6b", "derive");
        awaitDraft("valid");
        replace(browser.find("#variant-name"), VARIANT);
        // An impossible value: the registry's error appears on the field, and nothing can be saved.
        replace(browser.find("#knob-attention-kvHeads"), "3");
        browser.await("the error on the KV heads field", page -> !browser.find("[data-error-for='attention.kvHeads']").getText().isBlank());
        assertThat(browser.find("#knob-attention-kvHeads").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#save-variant").isEnabled()).isFalse();
        replace(browser.find("#knob-attention-kvHeads"), "8");
        awaitDraft("valid");
        // The patch can be written directly: what is not JSON is named at once, a valid patch is checked as typed.
        replace(browser.find("#patch"), "{\"layers\": ");
        browser.await("the patch's error", page -> !browser.find("#patch-error").getText().isBlank());
        assertThat(browser.find("#patch").getAttribute("aria-invalid")).isEqualTo("true");
        replace(browser.find("#patch"), "{\"layers\": 2}");
        browser.await("the patch accepted", page -> browser.find("#patch-error").getText().isBlank());
        browser.await("the form following the patch", page -> "2".equals(browser.find("#knob-layers").getDomProperty("value")));
        awaitDraft("valid");
        browser.await("the draft's diagram with 2 layers", page -> svgText(browser.find("#draft-preview svg .box[data-part='block']")).contains("×2"));
        assertThat(browser.find("#patch").getAttribute("value")).contains("\"layers\": 2").doesNotContain("kvHeads");
        browser.screenshot(Path.of("target", "screenshots", "explorer-derive.png"));
        browser.find("#save-variant").click();

        browser.await("the saved variant's page", page -> browser.all("#architecture[data-name='" + VARIANT + "']").size() == 1);
        assertThat(browser.find("#parent-link").getText()).isEqualTo("qwen3-0.6b@1");
        openView("#/catalog", "catalog");
        WebElement row = browser.find("#catalog-table tr[data-name='" + VARIANT + "']");
        assertThat(row.findElement(By.cssSelector(".parent")).getText()).isEqualTo("variant of qwen3-0.6b@1");
        assertThat(gateway.get("/api/v1/architectures/" + VARIANT).json().get("derivedFrom").stringValue()).isEqualTo("qwen3-0.6b@1");
    }

    @Test
    @Order(7)
    void benchmarking_a_selection_queues_a_job_that_the_dashboard_follows() {
        openView("#/catalog", "catalog");
        browser.find("#catalog-table tr[data-name='" + VARIANT + "'] input[type='checkbox']").click();
        browser.find("#benchmark-selected").click();
        replace(browser.find("#bench-contexts"), "64");
        replace(browser.find("#bench-prompt"), "16");
        replace(browser.find("#bench-generate"), "8");
        replace(browser.find("#bench-repeats"), "1");
        browser.find("#queue-benchmark").click();
        WebElement follow = browser.await("the queued job", page -> page.findElements(By.id("follow-job")).stream().findFirst().orElse(null));
        String job = follow.getAttribute("data-job");
        benchmarkJob = job;
        JsonNode tasks = gateway.get("/api/v1/benchmarks/" + job).json().get("tasks");
        assertThat(tasks.size()).isEqualTo(1);
        assertThat(tasks.get(0).get("architecture").stringValue()).isEqualTo(VARIANT);
        assertThat(tasks.get(0).get("contextLength").intValue()).isEqualTo(64);
        follow.click();
        browser.await("the job on the dashboard", page -> !page.findElements(By.cssSelector("li.job[data-id='" + job + "']")).isEmpty());
        assertThat(browser.find("#api-key").getAttribute("value")).isEqualTo(platform.apiKey());
    }

    @Test
    @Order(8)
    void measured_runs_are_drawn_over_the_theory_in_a_comparison() {
        String job = benchmarkJob;
        assertThat(job).as("the job queued by the previous test").isNotNull();
        Awaitility.await("benchmark " + job).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            var status = gateway.get("/api/v1/benchmarks/" + job).json();
            assertThat(status.get("status").stringValue()).as(status.toString()).isNotIn("FAILED", "CANCELLED");
            return status.get("status").stringValue().equals("SUCCEEDED");
        });
        openView("#/compare?names=" + VARIANT + ",qwen3-0.6b&context=4096", "compare");
        assertThat(browser.all("#no-measurements")).isEmpty();
        // (Other end-to-end tests in the same run may have measured qwen3-0.6b too: its series may be there as well.)
        assertThat(datasets("decode-chart")).contains(VARIANT);
        assertThat(datasets("kv-chart")).startsWith(VARIANT, "qwen3-0.6b").contains(VARIANT + " measured");
        // The variant's measured point sits at its context, 64 tokens, which the axis now reaches.
        assertThat(((Number) browser.script("return Chart.getChart('kv-chart').scales.x.min")).longValue()).isLessThanOrEqualTo(64L);
        assertReadableAt1280();
    }

    /** The labels of a chart's series, read from Chart.js itself. */
    @SuppressWarnings("unchecked")
    private List<String> datasets(String canvas) {
        return (List<String>) browser.script("return Chart.getChart(arguments[0]).data.datasets.map(d => d.label)", canvas);
    }

    /**
     * Opens a view by its URL. A URL that differs from the current one only in its fragment does not load the page
     * again, it re-renders the view: the view is marked stale first, so the wait is for the new rendering.
     */
    private void openView(String fragment, String page) {
        browser.script("var view = document.getElementById('view'); if (view) view.dataset.state = 'stale';");
        browser.open(platform.gatewayUrl() + "/" + fragment);
        awaitView(page);
    }

    private void awaitView(String page) {
        browser.await("the " + page + " view", driver -> "ready".equals(browser.find("#view").getAttribute("data-state"))
                && page.equals(browser.find("#view").getAttribute("data-page")));
    }

    private void awaitDraft(String state) {
        browser.await("the draft " + state, page -> browser.find("#draft-state").getText().startsWith(state));
    }

    private List<String> normRoles() {
        List<String> norms = new ArrayList<>();
        for (WebElement norm : browser.all("#architecture svg .box[data-part='norm']")) {
            norms.add(norm.getAttribute("data-role"));
        }
        return norms;
    }

    private List<String> rowNames() {
        return browser.all("#catalog-table tbody tr").stream().map(row -> row.getAttribute("data-name")).toList();
    }

    private List<String> cells(String kind) {
        return browser.all(".strip .cell[data-kind='" + kind + "']").stream().map(cell -> cell.getAttribute("data-value")).toList();
    }

    private String svgText(WebElement element) {
        return (String) browser.script("return arguments[0].textContent", element);
    }

    /** The page fits a 1280 px window: nothing wider than the viewport, so nothing is cut off or needs sideways scrolling. */
    private void assertReadableAt1280() {
        long scrollWidth = (Long) browser.script("return document.documentElement.scrollWidth");
        long clientWidth = (Long) browser.script("return document.documentElement.clientWidth");
        assertThat(clientWidth).isLessThanOrEqualTo(Browser.WIDTH);
        assertThat(scrollWidth).as("page width at 1280 px").isLessThanOrEqualTo(clientWidth);
        for (WebElement wrap : browser.all(".table-wrap")) {
            assertThat((Long) browser.script("return arguments[0].scrollWidth - arguments[0].clientWidth", wrap))
                    .as("a table wider than its card").isLessThanOrEqualTo(0L);
        }
    }

    private static void replace(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }
}
