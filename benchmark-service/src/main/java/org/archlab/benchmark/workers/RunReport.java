package org.archlab.benchmark.workers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A measured run as inference-service reports it (docs/api/runs.md); fields this service does not use are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunReport(String id, String status, Integer queuePosition, String error, Result result) {

    boolean finished() {
        return "SUCCEEDED".equals(status) || "FAILED".equals(status);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(String model, String architecture, Integer revision, String weights, String dtype, String kvDtype, String backend,
                  String device, Environment environment, Long weightBytes, Long streamableWeightBytes, Long peakResidentBytes,
                  List<Context> contexts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Environment(String jvm, String os, String cpu, Integer cores, String commit) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Context(int contextLength, long kvCacheBytes, List<Repeat> repeats) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Repeat(double timeToFirstTokenMs, double prefillTokensPerSecond, double decodeTokensPerSecond,
                  double interTokenLatencyP50Ms, double interTokenLatencyP99Ms) {
    }

    /**
     * The body of {@code POST /api/v1/runs}; {@code requestId} makes a repeated post return the same run. A {@code kvDtype}
     * of null is left out, so the run keeps the server's default and a server from before runs could choose accepts it.
     */
    record Request(String model, String weights, String dtype, @JsonInclude(JsonInclude.Include.NON_NULL) String kvDtype,
                   String backend, int promptTokens, int generateTokens, List<Integer> contextLengths, int batch, int warmup,
                   int repeats, long seed, String requestId) {
    }
}
