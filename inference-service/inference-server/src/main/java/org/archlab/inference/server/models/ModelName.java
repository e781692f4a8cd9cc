package org.archlab.inference.server.models;

import org.archlab.problems.ApiProblem;
import org.archlab.inference.tensor.GgmlType;
import org.springframework.http.HttpStatus;

import java.util.regex.Pattern;

/**
 * A registry architecture as the {@code model} field names it: {@code name}, {@code name@revision}, and
 * optionally {@code :DTYPE} for the random weights' format, e.g. {@code qwen3-0.6b@2:Q4_0}.
 *
 * @param revision null for the latest revision
 * @param dtype    null for the configured default
 */
record ModelName(String name, Integer revision, GgmlType dtype) {

    /** Names as the registry and checkpoint registration accept them. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern FULL = Pattern.compile("(?<name>[^@:]+)(?:@(?<revision>[0-9]{1,9}))?(?::(?<dtype>[A-Za-z0-9_]+))?");

    static ModelName parse(String model, String field) {
        var m = FULL.matcher(model);
        if (!m.matches() || !NAME.matcher(m.group("name")).matches()) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "'" + model
                    + "' is not a model name: expected a registered checkpoint or name[@revision][:DTYPE]", "invalid_model");
        }
        Integer revision = m.group("revision") == null ? null : Integer.valueOf(m.group("revision"));
        return new ModelName(m.group("name"), revision, m.group("dtype") == null ? null : SeededArchitecture.dtype(m.group("dtype"), field));
    }
}
