package org.archlab.benchmark;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Benchmark jobs queued on Kafka, measured by inference-service, stored and served to the dashboard. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BenchmarkApplication {

    public static void main(String[] args) {
        SpringApplication.run(BenchmarkApplication.class, args);
    }
}
