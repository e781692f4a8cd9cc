package org.archlab.benchmark;

import org.archlab.benchmark.standins.StandIns;
import org.archlab.testsupport.RealKafka;
import org.archlab.testsupport.RealPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The benchmark service on a random port with real PostgreSQL and Kafka, the HTTP stand-ins and
 * {@link TestTimings}. Every integration test that consumes the contract topics uses exactly this, so
 * they share one application context: a second context would join the same consumer group and take
 * tasks meant for the first.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = StandIns.Urls.class)
@RealPostgres(database = "benchmark")
@RealKafka
public @interface BenchmarkServiceTest {
}
