package org.archlab.registry.architectures;

import org.archlab.architecture.json.SpecJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

    @Test
    void the_patch_between_two_documents_makes_the_second_from_the_first() {
        var from = SpecJson.mapper().readTree("{\"layers\": 61, \"moe\": {\"experts\": 256, \"topK\": 8}, \"gone\": 1, \"same\": [1, 2]}");
        var to = SpecJson.mapper().readTree("{\"layers\": 8, \"moe\": {\"experts\": 32, \"topK\": 8}, \"same\": [1, 2], \"new\": true}");

        var patch = JsonMergePatch.diff(from, to);

        assertThat(patch).isEqualTo(SpecJson.mapper().readTree("{\"layers\": 8, \"moe\": {\"experts\": 32}, \"new\": true, \"gone\": null}"));
        assertThat(JsonMergePatch.apply(from, patch)).isEqualTo(to);
    }
}
