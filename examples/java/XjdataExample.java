// SPDX-License-Identifier: MIT
//
// A Java program that asks `xjdata serve` for a signed, cited decision and verifies it, with the
// JDK alone (java.net.http, Java 11 or later; tested with Debian's openjdk-17-jdk-headless).
//
//   xjdata serve --key office.key --port 8080 &
//   javac -d classes examples/java/XjdataExample.java
//   java -cp classes XjdataExample http://127.0.0.1:8080 examples/requests/share-pending-national-day.json
//
// With a token (xjdata serve --token-file FILE), put the token in the environment variable
// XJDATA_TOKEN. It prints the effect, every reason and obligation with its citation and due date,
// then verifies the decision's signed record with POST /v1/verify, then shows what a bad request
// gets back: HTTP 400 and the path of the field at fault. Exit status 0 when all three went as
// they should.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class XjdataExample {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the server speaks HTTP/1.1, keep-alive
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String token;

    XjdataExample(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** The status and the parsed JSON of one POST. */
    record Answer(int status, Map<String, Object> json) {}

    Answer post(String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), Json.object(r.body()));
    }

    @SuppressWarnings("unchecked")
    static String citation(Map<String, Object> item) {
        Object c = item.get("cite");
        if (!(c instanceof Map)) {
            return "";
        }
        Map<String, Object> cite = (Map<String, Object>) c;
        StringBuilder s = new StringBuilder().append(cite.get("law")).append(" Art. ").append(cite.get("art"));
        if (cite.containsKey("para")) {
            s.append(" para. ").append(cite.get("para"));
        }
        if (cite.containsKey("item")) {
            s.append(" item ").append(cite.get("item"));
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    static void printItems(String title, Object items) {
        for (Object o : (List<Object>) items) {
            Map<String, Object> it = (Map<String, Object>) o;
            System.out.printf("  %s %s%s [%s]%s%n", title, it.get("code"),
                    it.containsKey("stage") ? " (" + it.get("stage") + ")" : "", citation(it),
                    it.containsKey("due") ? " due " + it.get("due") : "");
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        Path file = Path.of(args.length > 1 ? args[1] : "examples/requests/share-pending-national-day.json");
        XjdataExample x = new XjdataExample(base, System.getenv("XJDATA_TOKEN"));
        String request = Files.readString(file, StandardCharsets.UTF_8);
        boolean ok = true;

        // 1. Decide: the decision document, signed (the record is base64, the kid names the key).
        Answer d = x.post("/v1/evaluate?lang=en", request);
        if (d.status() != 200) {
            System.out.println("evaluate failed: HTTP " + d.status() + " " + d.json());
            System.exit(1);
        }
        Map<String, Object> decision = d.json();
        System.out.println("effect: " + decision.get("effect"));
        printItems("reason", decision.get("reasons"));
        printItems("obligation", decision.get("obligations"));
        String record = (String) decision.get("record");
        System.out.println("record: " + (record == null ? 0 : record.length()) + " base64 characters, kid "
                + decision.get("kid"));

        // 2. Verify: the server checks the record's signature and answers with what it holds.
        Answer v = x.post("/v1/verify", Json.string(Map.of("record", record)));
        System.out.println("verified: " + v.json().get("verified") + " (HTTP " + v.status() + "), effect "
                + v.json().get("effect"));
        ok &= v.status() == 200 && Boolean.TRUE.equals(v.json().get("verified"))
                && decision.get("effect").equals(v.json().get("effect"));

        // 3. A bad request: HTTP 400 and the field at fault, named as the command line names it.
        String bad = request.replaceFirst("\"action\"\\s*:\\s*\"[a-z]+\"", "\"action\": \"sell\"");
        Answer e = x.post("/v1/evaluate", bad);
        System.out.println("error: HTTP " + e.status() + ", path " + e.json().get("path") + ": " + e.json().get("error"));
        ok &= e.status() == 400 && "action".equals(e.json().get("path"));
        System.exit(ok ? 0 : 1);
    }

    /** Just enough JSON (RFC 8259) for the server's documents: objects, arrays, strings, numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != text.length() || !(v instanceof Map)) {
                throw new IllegalArgumentException("not a JSON object: " + text);
            }
            return (Map<String, Object>) v;
        }

        static String string(Map<String, String> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                quote(b, e.getKey()).append(':');
                quote(b, e.getValue());
            }
            return b.append('}').toString();
        }

        private static StringBuilder quote(StringBuilder b, String v) {
            b.append('"');
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"');
        }

        private void ws() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                for (;;) {
                    ws();
                    String k = str();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            if (c == '[') {
                List<Object> a = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return a;
                }
                for (;;) {
                    a.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return a;
                }
            }
            if (c == '"') {
                return str();
            }
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return lit.equals("null") ? null : Boolean.valueOf(lit);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("bad JSON at " + start);
            }
            return n.matches("-?\\d+") ? (Object) Long.valueOf(n) : (Object) Double.valueOf(n);
        }

        private String str() {
            expect('"');
            StringBuilder b = new StringBuilder();
            for (;;) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }
    }
}
