package org.archlab.inference.server.models;

import org.archlab.architecture.registry.RegistryArchitecture;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.model.RandomModel;
import org.archlab.problems.ApiProblem;
import org.archlab.inference.tensor.GgmlType;
import org.springframework.http.HttpStatus;

import java.util.Arrays;

/** A registry architecture built with seeded random weights in one format. */
public record SeededArchitecture(RegistryArchitecture architecture, GgmlType type, long seed) implements ModelSource {

    /** A weight format by name, case-insensitively; a 400 naming the field otherwise. */
    public static GgmlType dtype(String text, String field) {
        return Arrays.stream(GgmlType.values()).filter(t -> t.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> ApiProblem.field(HttpStatus.BAD_REQUEST, field, "unknown weight format '" + text
                        + "'; one of " + Arrays.toString(GgmlType.values())));
    }

    @Override
    public String key() {
        return "random:" + id() + ":seed=" + seed;
    }

    @Override
    public String id() {
        return architecture.name() + "@" + architecture.revision() + ":" + type;
    }

    @Override
    public ArchitectureSpec spec() {
        return architecture.spec();
    }

    /** Exactly what the engine allocates: the registry's weight-memory formula for this dtype. */
    @Override
    public long weightBytes() {
        return RandomModel.estimatedWeightBytes(spec(), type);
    }

    /** Exactly what the engine allocates for the per-layer token table in this dtype. */
    @Override
    public long streamableWeightBytes() {
        return RandomModel.estimatedStreamableWeightBytes(spec(), type);
    }

    @Override
    public String weights() {
        return "random";
    }

    @Override
    public String dtype() {
        return type.name();
    }

    @Override
    public Integer revision() {
        return architecture.revision();
    }
}
