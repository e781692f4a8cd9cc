package org.archlab.inference.server;

import org.archlab.problems.servlet.ServletBodyLimit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.util.List;

/** Serves the inference engine over an OpenAI-compatible HTTP API and runs measured benchmarks. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InferenceApplication.class, args);
    }

    /** Request bodies are capped by this service's own limit, {@code archlab.inference.limits.max-request-body}. */
    @Bean
    ServletBodyLimit requestBodyLimit(InferenceProperties properties) {
        return new ServletBodyLimit(properties.limits().maxRequestBody().toBytes(), List.of());
    }
}
