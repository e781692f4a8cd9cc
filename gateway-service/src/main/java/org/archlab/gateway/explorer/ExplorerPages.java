package org.archlab.gateway.explorer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.resource.LiteWebJarsResourceResolver;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The architecture explorer, served by the gateway from its own jar (docs/adr/0010): its page at {@code /}, its
 * modules and stylesheet under {@code /explorer/}, and Chart.js from its WebJar under {@code /explorer/lib/}, so the
 * pages need nothing from the internet and share the origin, and with it the saved API key, with every API they call.
 * Nothing of this needs a key; the API calls the pages make do.
 */
@Configuration
class ExplorerPages implements WebFluxConfigurer {

    private static final ClassPathResource PAGE = new ClassPathResource("explorer/index.html");

    @Bean
    RouterFunction<ServerResponse> explorerPage() {
        // Revalidated on every visit: a restarted gateway with a new explorer is seen at once.
        return route(GET("/"), request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache()).bodyValue(PAGE));
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/explorer/lib/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
        registry.addResourceHandler("/explorer/**")
                .addResourceLocations("classpath:/explorer/")
                .setCacheControl(CacheControl.noCache());
    }
}
