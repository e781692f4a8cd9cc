package org.archlab.inference.server.generation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopStringsTest {

    private final StopStrings stops = new StopStrings(List.of("\n\n", "END"));

    @Test
    void the_earliest_stop_string_is_found_even_when_it_began_in_earlier_text() {
        assertThat(stops.find("the EN", 4)).isEqualTo(-1);
        assertThat(stops.find("the END and\n\n", 6)).isEqualTo(4);
    }

    @Test
    void text_that_could_still_become_a_stop_string_is_held_back() {
        assertThat(stops.undecided("the E")).isEqualTo(1);
        assertThat(stops.undecided("the EN")).isEqualTo(2);
        assertThat(stops.undecided("line\n")).isEqualTo(1);
        assertThat(stops.undecided("the ENd")).isZero();
    }
}
