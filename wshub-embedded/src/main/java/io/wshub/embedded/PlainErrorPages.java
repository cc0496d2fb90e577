package io.wshub.embedded;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * Error answers of the embedded server's HTTP side that name the status and nothing else: no server name or version,
 * no stack trace, no echo of the request. Stateless.
 */
final class PlainErrorPages implements ErrorPageGenerator {

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        String title = status + " " + (reasonPhrase == null ? "" : reasonPhrase.replaceAll("[^A-Za-z0-9 -]", ""));
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><p>" + title + "</p></body></html>";
    }
}
