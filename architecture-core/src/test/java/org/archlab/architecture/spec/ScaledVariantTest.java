package org.archlab.architecture.spec;

import org.archlab.architecture.Catalog;
import org.archlab.architecture.validation.SpecValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScaledVariantTest {

    @Test
    void a_scaled_gemma_3n_keeps_a_cycle_of_cache_owning_layers_and_a_cycle_of_kv_shared_ones() {
        var e4b = Catalog.spec("gemma-3n-e4b");
        int layers = ScaledVariant.layersKeepingEveryKind(e4b);
        assertThat(layers).isEqualTo(10);
        var scaled = ScaledVariant.of(e4b, layers, 4);
        assertThat(SpecValidator.violations(scaled)).isEmpty();
        assertThat(scaled.schedule().kvSharedLayers()).isEqualTo(5);
        assertThat(scaled.layerPlans().get(9).kvSharedFrom()).isEqualTo(4);
        assertThat(scaled.layerPlans().get(5).kvSharedFrom()).isEqualTo(3);
        assertThat(scaled.activationSparsity().layers()).isEqualTo(10);
    }

    @Test
    void only_layers_after_a_full_cycle_of_owners_stay_shared_and_the_sparsity_stays_within_the_model() {
        var five = ScaledVariant.of(Catalog.spec("gemma-3n-e2b"), 5, 4);
        assertThat(SpecValidator.violations(five)).isEmpty();
        assertThat(five.schedule().sharedKvLayerCount()).isZero();
        assertThat(five.activationSparsity().layers()).isEqualTo(5);
        var seven = ScaledVariant.of(Catalog.spec("gemma-3n-e2b"), 7, 4);
        assertThat(SpecValidator.violations(seven)).isEmpty();
        assertThat(seven.schedule().sharedKvLayerCount()).isEqualTo(2);
        assertThat(seven.layerPlans().get(6).kvSharedFrom()).isEqualTo(3);
    }
}
