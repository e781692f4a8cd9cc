package org.archlab.gateway.keys;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which role a request needs. Public: health, the explorer's and the dashboard's static files and the gateway's
 * OpenAPI document, for GET and HEAD only. Admin: loading or removing checkpoints ({@code /api/v1/models}), any
 * DELETE, and the gateway's other actuator endpoints. Writer: every other change (POST, PUT, PATCH).
 * Reader: every other read.
 */
final class AccessPolicy {

    private static final List<PathPattern> PUBLIC = patterns(
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/", "/explorer/**", "/dashboard", "/dashboard/**",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**");
    private static final List<PathPattern> ACTUATOR = patterns("/actuator/**");
    private static final List<PathPattern> CHECKPOINTS = patterns("/api/v1/models", "/api/v1/models/**");
    /**
     * Dot segments, encoded dots, slashes and backslashes, doubled encodings, empty segments and path parameters:
     * a service behind may resolve them (Tomcat reads {@code /dashboard/..;/api} as {@code /api}) into a path
     * other than the one this policy judged.
     */
    private static final Pattern AMBIGUOUS = Pattern.compile("(?i)%2e|%2f|%5c|%25|;|\\\\|//|(^|/)\\.{1,2}(/|$)");

    private AccessPolicy() {
    }

    /** Whether the raw path means the same to the gateway and to every service: no segment can climb or hide. */
    static boolean unambiguous(String rawPath) {
        return !AMBIGUOUS.matcher(rawPath).find();
    }

    /** The role the request needs; empty when it is public. */
    static Optional<Role> required(HttpMethod method, String path) {
        var container = PathContainer.parsePath(path);
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (read && matches(PUBLIC, container)) {
            return Optional.empty();
        }
        if (method.equals(HttpMethod.DELETE) || matches(ACTUATOR, container)) {
            return Optional.of(Role.ADMIN);
        }
        if (!read && matches(CHECKPOINTS, container)) {
            // Registering a checkpoint makes the inference server read a path on its own disk.
            return Optional.of(Role.ADMIN);
        }
        return Optional.of(read ? Role.READER : Role.WRITER);
    }

    private static boolean matches(List<PathPattern> patterns, PathContainer path) {
        return patterns.stream().anyMatch(pattern -> pattern.matches(path));
    }

    private static List<PathPattern> patterns(String... patterns) {
        return List.of(patterns).stream().map(PathPatternParser.defaultInstance::parse).toList();
    }
}
