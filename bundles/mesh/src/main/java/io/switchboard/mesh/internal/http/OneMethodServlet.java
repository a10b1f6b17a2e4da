package io.switchboard.mesh.internal.http;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A mesh endpoint that takes one HTTP method and answers any other with a JSON 405. */
abstract class OneMethodServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final ObjectMapper JSON = new ObjectMapper();

    private final String allowed;

    OneMethodServlet(String allowed) {
        this.allowed = allowed;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!request.getMethod().equals(allowed)) {
            HttpErrors.methodNotAllowed(response, request.getMethod(), allowed, request.getRequestURI());
            return;
        }
        super.service(request, response);
    }
}
