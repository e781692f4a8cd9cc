package org.archlab.inference.server.runs;

/**
 * Where a run ran: enough to tell two machines, JVMs or builds of the service apart.
 *
 * @param commit the git commit the service was built from ({@code unknown} when built outside a checkout)
 */
public record RunEnvironment(String jvm, String os, String cpu, int cores, String commit) {
}
