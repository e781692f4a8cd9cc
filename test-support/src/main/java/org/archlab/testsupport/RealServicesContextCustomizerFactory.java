package org.archlab.testsupport;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link RealPostgres} and {@link RealKafka} on a Spring test class into connection properties,
 * so no test writes its own {@code @DynamicPropertySource}. Registered in {@code META-INF/spring.factories}.
 */
public class RealServicesContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        var annotations = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY);
        var postgres = annotations.get(RealPostgres.class);
        String database = postgres.isPresent() ? postgres.getString("database") : null;
        boolean kafka = annotations.isPresent(RealKafka.class);
        return database == null && !kafka ? null : new RealServices(database, kafka);
    }

    /** A record, so equal requirements share one cached application context. */
    private record RealServices(String database, boolean kafka) implements ContextCustomizer {
        @Override
        public void customizeContext(org.springframework.context.ConfigurableApplicationContext context,
                                     org.springframework.test.context.MergedContextConfiguration mergedConfig) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (database != null) {
                PostgresConnection pg = TestPostgres.database(database);
                properties.put("spring.datasource.url", pg.jdbcUrl());
                properties.put("spring.datasource.username", pg.username());
                properties.put("spring.datasource.password", pg.password());
            }
            if (kafka) {
                properties.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("archlab-real-services", properties));
        }
    }
}
