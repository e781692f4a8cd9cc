package org.archlab.registry.analysis;

import org.archlab.architecture.spec.Dtype;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Reads a dtype query parameter in any case ({@code kvDtype=q8_0} as llama.cpp writes it). */
@Component
class DtypeParameter implements Converter<String, Dtype> {

    @Override
    public Dtype convert(String source) {
        return Dtype.of(source);
    }
}
