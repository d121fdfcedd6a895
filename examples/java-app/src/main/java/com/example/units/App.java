package com.example.units;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;

/** A unit conversion HTTP API on the JDK's built-in server: /health, /units, /convert. */
public final class App {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/health", ex -> send(ex, 200, "{\"status\":\"ok\",\"java\":\"" + Runtime.version() + "\"}"));
        server.createContext("/units", App::units);
        server.createContext("/convert", App::convert);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(1)));
        server.start();
        System.out.println("units API listening on :" + port);
    }

    private static void units(HttpExchange ex) throws IOException {
        StringJoiner list = new StringJoiner(",", "[", "]");
        for (String name : Units.names()) {
            list.add("{\"unit\":\"" + name + "\",\"dimension\":\"" + Units.dimension(name) + "\"}");
        }
        list.add("{\"unit\":\"C\",\"dimension\":\"temperature\"}");
        list.add("{\"unit\":\"F\",\"dimension\":\"temperature\"}");
        list.add("{\"unit\":\"K\",\"dimension\":\"temperature\"}");
        send(ex, 200, "{\"units\":" + list + "}");
    }

    private static void convert(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String from = q.get("from");
        String to = q.get("to");
        if (from == null || to == null || q.get("value") == null) {
            send(ex, 400, "{\"error\":\"from, to and value are required\"}");
            return;
        }
        try {
            double value = Double.parseDouble(q.get("value"));
            double result = Units.convert(value, from, to);
            send(ex, 200, String.format(Locale.ROOT,
                "{\"value\":%s,\"from\":\"%s\",\"to\":\"%s\",\"result\":%.6f}", value, from, to, result));
        } catch (IllegalArgumentException e) {
            send(ex, 400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
