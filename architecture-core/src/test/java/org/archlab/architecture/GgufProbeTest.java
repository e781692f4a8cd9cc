package org.archlab.architecture;

import org.archlab.architecture.analysis.ParameterCounts;
import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

class GgufProbeTest {
    @Test
    void probe() throws Exception {
        try (var files = Files.list(Reference.shared().resolve("fixtures"))) {
            for (var f : files.filter(p -> p.toString().endsWith(".gguf")).sorted().toList()) {
                try (var in = Files.newInputStream(f)) {
                    var header = GgufHeaderReader.read(in);
                    long fileTotal = header.tensors().stream().mapToLong(t -> t.elements()).sum();
                    var spec = GgufSpecImporter.importHeader(header);
                    long total = ParameterCounts.of(spec).total();
                    System.out.println("GGUF " + f.getFileName() + " file " + fileTotal + " spec " + total + (fileTotal == total ? " OK" : " DIFF " + (total - fileTotal)));
                    if (fileTotal != total) {
                        var names = new java.util.TreeMap<String, Long>();
                        header.tensors().forEach(t -> names.merge(t.name().replaceAll("blk\\.\\d+\\.", "blk.N."), t.elements(), Long::sum));
                        var mine = new java.util.TreeMap<String, Long>();
                        TensorLayout.of(spec).forEach(t -> mine.merge(t.name().replaceAll("blk\\.\\d+\\.", "blk.N."), t.elements(), Long::sum));
                        System.out.println("   file " + names);
                        System.out.println("   spec " + mine);
                    }
                } catch (RuntimeException e) {
                    System.out.println("GGUF " + f.getFileName() + " FAILED " + e);
                }
            }
        }
    }
}
