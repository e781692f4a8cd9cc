package org.archlab.inference.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Serves the inference engine over an OpenAI-compatible HTTP API and runs measured benchmarks. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InferenceApplication.class, args);
    }
}
