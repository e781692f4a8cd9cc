package org.archlab.problems;

import org.archlab.architecture.json.SpecJson;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Gives every service's JSON mapper, the one that reads request bodies, the input rules of
 * {@link SpecJson#strictInput}: duplicate keys, unknown fields and fractions where integers are meant are refused.
 */
@AutoConfiguration
@ConditionalOnClass(JsonMapperBuilderCustomizer.class)
public class StrictJsonInput {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return SpecJson::strictInput;
    }
}
