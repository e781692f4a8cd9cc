package org.archlab.inference.server;

import org.archlab.testsupport.ProblemShapeContract;

/** Bad input on the platform API, at the service's own port, gets the platform's one problem shape. */
class ProblemShapeIT extends RunningServer implements ProblemShapeContract {

    @Override
    public JsonEndpoint jsonEndpoint() {
        return new JsonEndpoint(port, "/api/v1/runs", "{\"model\": \"" + LLAMA + "\", \"promptTokens\": %s}", "promptTokens", 64 * 1024);
    }
}
