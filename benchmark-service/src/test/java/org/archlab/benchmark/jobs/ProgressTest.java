package org.archlab.benchmark.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void a_job_whose_tasks_all_wait_is_queued_and_one_with_any_task_taken_is_running() {
        assertThat(new Progress(3, 3, 0, 0, 0, 0).status()).isEqualTo("QUEUED");
        assertThat(new Progress(3, 2, 1, 0, 0, 0).status()).isEqualTo("RUNNING");
        assertThat(new Progress(3, 2, 0, 1, 0, 0).status()).isEqualTo("RUNNING");
    }

    @Test
    void a_finished_job_is_failed_if_any_task_failed_then_cancelled_if_any_was_cancelled() {
        assertThat(new Progress(3, 0, 0, 1, 1, 1).status()).isEqualTo("FAILED");
        assertThat(new Progress(3, 0, 0, 2, 0, 1).status()).isEqualTo("CANCELLED");
        assertThat(new Progress(3, 0, 0, 3, 0, 0).status()).isEqualTo("SUCCEEDED");
    }
}
