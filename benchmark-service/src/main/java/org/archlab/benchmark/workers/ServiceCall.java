package org.archlab.benchmark.workers;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/** One HTTP call to another service, its failures sorted into transient (retry) and permanent (give up). */
public final class ServiceCall {

    /** Runs are followed by polling, so no call needs to wait long. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The longest one call may take: connecting, then waiting for the answer. */
    static final Duration LONGEST = CONNECT_TIMEOUT.plus(READ_TIMEOUT);

    private ServiceCall() {
    }

    /** A client for one service. */
    static RestClient client(String baseUrl) {
        return client(baseUrl, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /** A client for one service, for calls that must not wait as long as a worker's. */
    public static RestClient client(String baseUrl, Duration connectTimeout, Duration readTimeout) {
        var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(connectTimeout).build());
        factory.setReadTimeout(readTimeout);
        return RestClient.builder().baseUrl(baseUrl).requestFactory(factory).build();
    }

    static <T> T call(String service, Supplier<T> request) {
        try {
            return request.get();
        } catch (ResourceAccessException e) {
            throw new TransientFailure(service + " is unreachable: " + e.getMessage(), e);
        } catch (RestClientResponseException e) {
            int status = e.getStatusCode().value();
            String detail = service + " answered " + status + ": " + e.getResponseBodyAsString();
            if (status == HttpStatus.TOO_MANY_REQUESTS.value() || status == HttpStatus.REQUEST_TIMEOUT.value()
                    || e.getStatusCode().is5xxServerError()) {
                throw new TransientFailure(detail, e);
            }
            throw new PermanentFailure(detail, e);
        }
    }
}
