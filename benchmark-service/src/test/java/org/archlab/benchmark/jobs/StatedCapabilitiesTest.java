package org.archlab.benchmark.jobs;

import org.archlab.benchmark.standins.InferenceStandIn;
import org.archlab.benchmark.standins.StandIns;
import org.archlab.benchmark.workers.ServiceUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StatedCapabilitiesTest {

    private final InferenceStandIn inference = StandIns.inference();

    @AfterEach
    void answerAgain() {
        inference.statesCapabilities(true);
    }

    private static StatedCapabilities askingAt(String url, Duration cacheFor) {
        return new StatedCapabilities(new ServiceUrls("http://127.0.0.1:1", url), new StatedCapabilities.Settings(cacheFor,
                Duration.ofSeconds(2)), JsonMapper.builder().build());
    }

    @Test
    void what_inference_service_states_is_read_in_the_contracts_shape() {
        InferenceCapabilities stated = askingAt(inference.url(), Duration.ZERO).current();

        assertThat(stated).isEqualTo(new InferenceCapabilities("jvm", "jvm/Vector API 256-bit, 2 threads (stand-in)",
                List.of("auto", "jvm"), List.of("F32", "F16", "Q4_0", "Q8_0", "BF16"), IntStream.rangeClosed(1, 64).boxed().toList(),
                InferenceStandIn.MAX_CONTEXT, 8L << 30, InferenceStandIn.KV_BUDGET_BYTES, List.of("F32", "F16", "BF16")));
    }

    @Test
    void an_answer_is_reused_while_it_is_fresh() {
        var capabilities = askingAt(inference.url(), Duration.ofMinutes(5));
        int before = inference.capabilityRequests();

        capabilities.current();
        capabilities.current();

        assertThat(inference.capabilityRequests() - before).isEqualTo(1);
    }

    @Test
    void when_inference_service_cannot_answer_what_it_stated_last_stands() {
        var capabilities = askingAt(inference.url(), Duration.ZERO);
        InferenceCapabilities stated = capabilities.current();
        inference.statesCapabilities(false);

        assertThat(capabilities.current()).isEqualTo(stated);
    }

    @Test
    void when_inference_service_never_answered_nothing_is_stated() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(askingAt("http://127.0.0.1:" + closedPort, Duration.ZERO).current()).isNull();
    }
}
