package org.archlab.inference.server.clients;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTest {

    private static MockHttpServletRequest from(String address) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        return request;
    }

    @Test
    void the_gateway_says_who_called_and_with_which_role() {
        var request = from("10.0.0.7");
        request.addHeader(Caller.CLIENT_HEADER, "alice");
        request.addHeader(Caller.ROLE_HEADER, "writer");
        assertThat(Caller.of(request)).isEqualTo(new Caller("alice", false));
        request.removeHeader(Caller.ROLE_HEADER);
        request.addHeader(Caller.ROLE_HEADER, "admin");
        assertThat(Caller.of(request).admin()).isTrue();
    }

    @Test
    void a_direct_call_has_an_admins_view_only_from_this_machine() {
        assertThat(Caller.of(from("127.0.0.1"))).isEqualTo(new Caller(Caller.DIRECT, true));
        assertThat(Caller.of(from("::1")).admin()).isTrue();
        assertThat(Caller.of(from("10.0.0.7"))).isEqualTo(new Caller(Caller.DIRECT, false));
    }
}
