package org.archlab.inference.server.runs;

import org.archlab.problems.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A run's KV cache format: the server's when the request names none, one of the stated formats when it does. */
class RunRequestTest {

    private static final RunCapabilities SERVER = new RunCapabilities("jvm", "Vector API 256-bit, 2 threads",
            List.of("auto", "jvm"), List.of("checkpoint", "random"), List.of("F32", "Q8_0"), "Q8_0",
            List.of("F32", "F16", "BF16"), "F16", List.of(1, 2, 4), 4096, 16, 20, 100, 8L << 30, 4L << 30);

    private static RunRequest asking(String kvDtype) {
        return new RunRequest("qwen3-0.6b", null, null, kvDtype, null, 8, 4, List.of(64), null, null, null, null, null);
    }

    @Test
    void a_request_without_a_kv_dtype_takes_the_servers() {
        assertThat(asking(null).normalized(SERVER).kvDtype()).isEqualTo("F16");
    }

    @Test
    void a_kv_dtype_is_read_in_any_case() {
        assertThat(asking("bf16").normalized(SERVER).kvDtype()).isEqualTo("BF16");
        assertThat(asking("F32").normalized(SERVER).kvDtype()).isEqualTo("F32");
    }

    @Test
    void a_kv_dtype_the_server_does_not_keep_is_refused_naming_the_field() {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> asking("Q8_0").normalized(SERVER));
        assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("kvDtype");
            assertThat(error.message()).contains("[F32, F16, BF16]");
        });
    }
}
