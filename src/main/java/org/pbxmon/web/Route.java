package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;

/**
 * One path, the endpoint group whose auth policy guards it, and its handler. A path ending in "/" is
 * a prefix route: it serves every path below it (the handler reads the rest of the path).
 *
 * @param group auth group from the config ({@code http.auth.<group>})
 */
public record Route(String path, String group, HttpHandler handler) {
}
