package org.pbxmon.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * Scrape latency over HTTP as Prometheus sees it: sequential GETs of /metrics with Prometheus's
 * Accept and Accept-Encoding headers, timed to the last body byte. Usage: ScrapeBench URL [n].
 */
public final class ScrapeBench {
    private ScrapeBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1")
                .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(10)).GET().build();
        long bytes = 0;
        for (int i = 0; i < 100; i++) {
            bytes = client.send(req, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            ns[i] = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode());
            }
        }
        Arrays.sort(ns);
        System.out.printf("scrape: n=%d gzip body=%d bytes p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", n, bytes,
                ns[n / 2] / 1e6, ns[n * 9 / 10] / 1e6, ns[n * 99 / 100] / 1e6, ns[n - 1] / 1e6);
    }
}
