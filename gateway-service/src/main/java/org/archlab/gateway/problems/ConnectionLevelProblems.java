package org.archlab.gateway.problems;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.archlab.problems.ApiProblem;
import org.archlab.problems.Problems;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Gives the refusals Netty and Spring make before the gateway's filters see a request (a request line too long,
 * 414; a target that is not a URI, such as a raw {@code |} in the query, 400; headers too large, 431) the same
 * problem+json body as every other answer, instead of an empty one. They are recognised on their way out: an
 * error status with no body at all.
 */
@Component
class ConnectionLevelProblems implements NettyServerCustomizer {

    private static final Set<Integer> REFUSALS = Set.of(400, 414, 431);

    private final JsonMapper json;

    ConnectionLevelProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "archlab.problemBodies", new EmptyRefusals());
            }
        });
    }

    private byte[] body(int status) {
        ApiProblem problem = switch (status) {
            case 414 -> new ApiProblem(HttpStatus.URI_TOO_LONG, "The request line is too long; send long input in a body",
                    List.of(new ApiProblem.FieldError("query", "too long")), "uri_too_long", null);
            case 431 -> new ApiProblem(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are too large",
                    List.of(), "headers_too_large", null);
            default -> new ApiProblem(HttpStatus.BAD_REQUEST,
                    "The request target is not a valid URI: characters such as '|', '{' or spaces must be percent-encoded",
                    List.of(new ApiProblem.FieldError("path", "not a valid URI")), "malformed_request", null);
        };
        return json.writeValueAsBytes(Problems.body(problem, null, UUID.randomUUID().toString()));
    }

    private final class EmptyRefusals extends ChannelOutboundHandlerAdapter {

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
            if (message instanceof FullHttpResponse response && REFUSALS.contains(response.status().code())
                    && !response.content().isReadable() && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
                byte[] body = body(response.status().code());
                FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
                problem.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                problem.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                response.release();
                ctx.write(problem, promise);
                return;
            }
            ctx.write(message, promise);
        }
    }
}
