package org.archlab.inference.measurement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every figure of a timeline from a scripted clock, exactly. */
class TokenTimelineTest {

    private static final long MS = 1_000_000;

    @Test
    void time_to_first_token_and_prefill_rate_come_from_the_prefill_start_to_the_first_token() {
        var timeline = new TokenTimeline(new ScriptedClock(10 * MS, 62_500_000), 20, 1);
        timeline.prefillStarts();

        assertThat(timeline.firstToken()).isEqualTo(62_500_000);
        assertThat(timeline.timeToFirstTokenNanos()).isEqualTo(62_500_000);
        assertThat(timeline.prefillTokensPerSecond()).isEqualTo(320.0);
    }

    @Test
    void decode_counts_the_tokens_after_the_first_over_the_time_from_the_first_to_the_last() {
        // readings: 0 prefill start, 5 first token, then gaps of 2, 3, 4, 2 ms
        var timeline = new TokenTimeline(new ScriptedClock(0, 5 * MS, 2 * MS, 3 * MS, 4 * MS, 2 * MS), 8, 1);
        timeline.prefillStarts();
        timeline.firstToken();
        long[] gaps = {timeline.token(), timeline.token(), timeline.token(), timeline.token()};

        assertThat(gaps).containsExactly(2 * MS, 3 * MS, 4 * MS, 2 * MS);
        assertThat(timeline.decodedTokens()).isEqualTo(4);
        assertThat(timeline.decodeTokensPerSecond()).isEqualTo(4 / 0.011);
    }

    @Test
    void work_between_the_first_token_and_the_decode_start_stays_out_of_the_decode_figures() {
        // the 1000 ms after the first token is a cache fill
        var timeline = new TokenTimeline(new ScriptedClock(0, 5 * MS, 1000 * MS, 3 * MS, 3 * MS), 8, 1);
        timeline.prefillStarts();
        timeline.firstToken();
        timeline.decodeStarts();
        timeline.token();
        timeline.token();

        assertThat(timeline.decodeTokensPerSecond()).isEqualTo(2 / 0.006);
        assertThat(timeline.interTokenNanos(0.99)).isEqualTo(3 * MS);
        assertThat(timeline.timeToFirstTokenNanos()).isEqualTo(5 * MS);
    }

    @Test
    void a_batch_step_gives_every_sequence_a_token_and_its_prompts_count_together() {
        var timeline = new TokenTimeline(new ScriptedClock(0, 125 * MS, 10 * MS), 4 * 25, 4);
        timeline.prefillStarts();
        timeline.firstToken();
        for (int i = 0; i < 5; i++) {
            timeline.token();
        }

        assertThat(timeline.prefillTokensPerSecond()).isEqualTo(800.0);
        assertThat(timeline.decodedTokens()).isEqualTo(20);
        assertThat(timeline.decodeTokensPerSecond()).isEqualTo(20 / 0.050);
        assertThat(timeline.interTokenNanos(0.5)).isEqualTo(10 * MS);
    }

    @Test
    void figures_give_milliseconds_and_nearest_rank_percentiles_of_the_gaps() {
        // gaps 1..10 ms in a scrambled order: p50 is the 5th smallest, p99 the largest
        var timeline = new TokenTimeline(new ScriptedClock(0, 7 * MS, 4 * MS, 9 * MS, 1 * MS, 10 * MS, 3 * MS, 6 * MS, 2 * MS,
                8 * MS, 5 * MS, 7 * MS), 14, 1);
        timeline.prefillStarts();
        timeline.firstToken();
        for (int i = 0; i < 10; i++) {
            timeline.token();
        }

        MeasuredRepeat figures = timeline.figures();
        assertThat(figures).isEqualTo(new MeasuredRepeat(14, 10, 7.0, 14 / 0.007, 10 / 0.055, 5.0, 10.0));
    }

    @Test
    void a_timeline_with_only_its_first_token_decoded_nothing() {
        var timeline = new TokenTimeline(ScriptedClock.millisecondPerReading(), 3, 1);
        timeline.prefillStarts();
        timeline.firstToken();

        assertThat(timeline.decodeTokensPerSecond()).isZero();
        assertThat(timeline.interTokenNanos(0.5)).isZero();
    }

    @Test
    void tokens_before_the_first_token_are_refused() {
        var timeline = new TokenTimeline(ScriptedClock.millisecondPerReading(), 3, 1);

        assertThatThrownBy(timeline::token).hasMessageContaining("no first token");
        assertThatThrownBy(timeline::firstToken).hasMessageContaining("after the prefill started");
    }
}
