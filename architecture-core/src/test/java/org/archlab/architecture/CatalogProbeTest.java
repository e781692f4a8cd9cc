package org.archlab.architecture;

import org.archlab.architecture.analysis.ParameterCounts;
import org.archlab.architecture.hf.HfConfigImporter;
import org.junit.jupiter.api.Test;

class CatalogProbeTest {
    @Test
    void probe() {
        for (var m : Reference.models()) {
            try {
                var spec = HfConfigImporter.importConfig(m.get("hf_config"));
                var p = ParameterCounts.of(spec);
                double pubT = m.get("published_params").get("total").doubleValue();
                double pubA = m.get("published_params").get("active").doubleValue();
                System.out.printf("PROBE %-28s total %.4fB (%.2f%%) active %.4fB (%.2f%%) withMtp %.4fB %s%n", m.get("name").stringValue(),
                        p.total() / 1e9, 100 * (p.total() - pubT) / pubT, p.active() / 1e9, 100 * (p.active() - pubA) / pubA, p.totalWithMtp() / 1e9, p.byComponent());
            } catch (RuntimeException e) {
                System.out.println("PROBE " + m.get("name") + " FAILED " + e);
            }
        }
    }
}
