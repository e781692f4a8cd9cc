package org.archlab.benchmark.jobs;

import com.sun.net.httpserver.HttpServer;
import org.archlab.benchmark.workers.ServiceUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One submission waits for a registry that does not answer once, not once per name. */
class RegistryNamesTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer hanging;

    @BeforeEach
    void start() throws IOException {
        hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.createContext("/", exchange -> {
            asked.incrementAndGet();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hanging.setExecutor(Executors.newCachedThreadPool());
        hanging.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        hanging.stop(0);
    }

    @Test
    void a_registry_that_does_not_answer_is_asked_once_per_submission_and_leaves_every_name_to_its_task() {
        var names = new RegistryNames(new ServiceUrls("http://127.0.0.1:" + hanging.getAddress().getPort(), "http://unused"),
                new StatedCapabilities.Settings(Duration.ofSeconds(30), Duration.ofMillis(300)));
        KnownArchitectures submission = names.oneSubmission();

        assertThat(submission.of("qwen3-0.6b")).isEqualTo(KnownArchitectures.Answer.CANNOT_TELL);
        assertThat(submission.of("llama-3.2-1b")).isEqualTo(KnownArchitectures.Answer.CANNOT_TELL);
        assertThat(submission.of("gpt2-124m")).isEqualTo(KnownArchitectures.Answer.CANNOT_TELL);
        assertThat(asked).hasValue(1);
    }
}
