package org.archlab.inference.server.clients;

import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;

/**
 * Who sent a request, as the gateway says it: the name and role of the API key it authenticated. The gateway sets
 * both headers on everything it forwards and drops any a client sent. A request without them came to the service's
 * own port and counts as one client, {@value #DIRECT}; it has every right only from this machine (the local stack's
 * services listen on loopback), not from another pod or container (benchmark-service's calls, for one).
 *
 * @param name  whose queue a waiting generation joins
 * @param admin whether it may see what only operators see (checkpoint paths on the server's disk)
 */
public record Caller(String name, boolean admin) {

    public static final String CLIENT_HEADER = "X-ArchLab-Client";
    public static final String ROLE_HEADER = "X-ArchLab-Role";
    public static final String DIRECT = "direct";
    /** Key names are short; a longer header is not the gateway's and is cut rather than kept whole in every queue. */
    private static final int LONGEST_NAME = 128;

    public static Caller of(HttpServletRequest request) {
        String name = request.getHeader(CLIENT_HEADER);
        String role = request.getHeader(ROLE_HEADER);
        name = name == null || name.isBlank() ? DIRECT : name.strip();
        return new Caller(name.length() > LONGEST_NAME ? name.substring(0, LONGEST_NAME) : name,
                role == null ? fromThisMachine(request) : role.strip().equalsIgnoreCase("admin"));
    }

    private static boolean fromThisMachine(HttpServletRequest request) {
        try {
            return InetAddress.ofLiteral(request.getRemoteAddr()).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
