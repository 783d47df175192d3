package org.pbxmon.web;

import com.sun.net.httpserver.HttpHandler;

/**
 * One exact path, the endpoint group whose auth policy guards it, and its handler.
 *
 * @param group auth group from the config ({@code http.auth.<group>})
 */
record Route(String path, String group, HttpHandler handler) {
}
