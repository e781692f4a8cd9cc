package org.archlab.problems.servlet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * The request body limit of a service's own port ({@code archlab.web.limits}): past it, 413.
 *
 * @param maxRequestBody largest request body
 * @param exemptPaths    paths that stream large bodies and bound what they read themselves
 */
@ConfigurationProperties("archlab.web.limits")
public record ServletBodyLimits(@DefaultValue("2MB") DataSize maxRequestBody, @DefaultValue List<String> exemptPaths) {
}
