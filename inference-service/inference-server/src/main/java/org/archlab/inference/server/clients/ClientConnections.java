package org.archlab.inference.server.clients;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Tells a generation whether its client is still connected while nothing is written to it (a completion that is
 * not streamed). The Servlet API has no such notice, so a Tomcat valve gives each request a probe that asks for a
 * non-blocking read of its connection: once the body is read in full, a client waiting for its answer sends
 * nothing, and end-of-stream means it closed the connection. (Bytes of a pipelined next request would read the
 * same; HTTP clients, the gateway's included, do not pipeline.)
 */
@Component
public class ClientConnections implements TomcatContextCustomizer {

    private static final String ATTRIBUTE = ClientConnections.class.getName();
    /** Body left unread after the JSON (whitespace, a chunked trailer) is skipped up to this; past it nothing is probed. */
    private static final int MOST_SKIPPED = 64 * 1024;

    @Override
    public void customize(Context context) {
        context.getPipeline().addValve(new ProbeValve());
    }

    /** Whether the request's client has closed its connection; always false where Tomcat did not serve the request. */
    public static BooleanSupplier closed(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Probe probe ? probe::closed : () -> false;
    }

    private static final class ProbeValve extends ValveBase {

        ProbeValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(ATTRIBUTE, new Probe(request));
            getNext().invoke(request, response);
        }
    }

    private static final class Probe {

        private final Request request;
        private boolean bodyRead;
        private boolean blind;

        Probe(Request request) {
            this.request = request;
        }

        boolean closed() {
            if (!bodyRead) {
                skipRestOfBody();
            }
            if (blind) {
                return false;
            }
            var coyote = request.getCoyoteRequest();
            coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
            return coyote.getAvailable() > 0;
        }

        private void skipRestOfBody() {
            bodyRead = true;
            try {
                ServletInputStream in = request.getInputStream();
                byte[] buffer = new byte[4096];
                int skipped = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    skipped += n;
                    if (skipped > MOST_SKIPPED) {
                        blind = true;
                        return;
                    }
                }
            } catch (IOException e) {
                // A body that cannot be read to its end was cut off: the client is gone, which the probe will see.
            } catch (IllegalStateException e) {
                // The body was read as characters; its rest cannot be skipped here, so the connection cannot be judged.
                blind = true;
            }
        }
    }
}
