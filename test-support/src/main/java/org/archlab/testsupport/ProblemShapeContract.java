package org.archlab.testsupport;

import org.junit.jupiter.api.Test;

import static org.archlab.testsupport.ProblemProbe.assertProblem;

/**
 * What every service's own port must do with bad input: answer it with the platform's one problem shape,
 * naming the offending field. A service's test implements this with one of its JSON endpoints and runs these
 * tests against the running service.
 */
public interface ProblemShapeContract {

    /**
     * One JSON endpoint of the service under test.
     *
     * @param port         the port the service listens on
     * @param path         a path that takes a JSON body with POST
     * @param bodyTemplate a body for it with {@code %s} where an integer field's raw JSON value goes
     * @param integerField the JSON path of that field, e.g. {@code spec.layers}
     * @param bodyLimit    the service's request body limit in bytes
     */
    record JsonEndpoint(int port, String path, String bodyTemplate, String integerField, int bodyLimit) {

        String bodyWith(String integerValue) {
            return bodyTemplate.formatted(integerValue);
        }
    }

    /** The endpoint the tests send their bad input to. */
    JsonEndpoint jsonEndpoint();

    private ProblemProbe probe() {
        return new ProblemProbe(jsonEndpoint().port());
    }

    /** Posts the endpoint's body with the integer field's value replaced by raw JSON. */
    private ProblemProbe.Answer postWith(String integerValue) {
        return probe().post(jsonEndpoint().path(), jsonEndpoint().bodyWith(integerValue));
    }

    @Test
    default void malformed_json_names_where_it_broke() {
        assertProblem(postWith("tru"), 400, "malformed_json", jsonEndpoint().integerField());
    }

    @Test
    default void an_unknown_field_is_named() {
        String body = jsonEndpoint().bodyWith("1").replaceFirst("\\{", "{\"colour\": 1, ");
        assertProblem(probe().post(jsonEndpoint().path(), body), 400, "unknown_field", "colour");
    }

    @Test
    default void a_repeated_key_is_named() {
        String field = jsonEndpoint().integerField();
        assertProblem(postWith("1, \"" + field.substring(field.lastIndexOf('.') + 1) + "\": 2"), 400, "duplicate_key", field);
    }

    @Test
    default void a_fraction_where_an_integer_is_meant_is_named() {
        assertProblem(postWith("1.5"), 400, "invalid_value", jsonEndpoint().integerField());
    }

    @Test
    default void an_unknown_path_is_404_not_an_html_page() {
        assertProblem(probe().get("/api/v1/nothing-here"), 404, "not_found");
    }

    @Test
    default void a_method_the_path_does_not_serve_is_405() {
        assertProblem(probe().send("PATCH", jsonEndpoint().path(), "application/json", jsonEndpoint().bodyWith("1")), 405, "method_not_allowed");
    }

    @Test
    default void a_body_that_is_not_json_is_415() {
        assertProblem(probe().send("POST", jsonEndpoint().path(), "text/plain", "colour=red"), 415, "unsupported_media_type");
    }

    @Test
    default void a_body_over_the_limit_is_413() {
        String body = ProblemProbe.jsonOfSize(jsonEndpoint().bodyLimit() + 1024);
        assertProblem(probe().post(jsonEndpoint().path(), body), 413, "request_too_large", "body");
    }
}
