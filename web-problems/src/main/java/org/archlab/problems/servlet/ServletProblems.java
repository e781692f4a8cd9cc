package org.archlab.problems.servlet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The problem+json answers of a Spring MVC service: its exception handler, its error page (instead of Spring
 * Boot's), and its request body limit (a service with a limit of its own declares its {@link ServletBodyLimit}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServletBodyLimits.class)
public class ServletProblems {

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    @ConditionalOnMissingBean(ServletBodyLimit.class)
    ServletBodyLimit requestBodyLimit(ServletBodyLimits limits) {
        return new ServletBodyLimit(limits.maxRequestBody().toBytes(), limits.exemptPaths());
    }
}
