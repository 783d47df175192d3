package org.pbxmon.export.zabbix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A small evaluator of the Zabbix trigger expressions the template uses: {@code last(/host/key)} and
 * {@code nodata(/host/key,period)}, numbers (with time and size suffixes), strings, user macros,
 * comparisons ({@code = <> > < >= <=}), {@code and}, {@code or}, {@code not} and parentheses.
 * Anything else is a syntax error, so a template that outgrows it fails its tests.
 */
final class TriggerExpr {
    /** One {@code fn(/host/key[,param])} of an expression. */
    record Call(String function, String host, String key, String param) {
    }

    /** What the expression needs from the outside world. */
    interface Env {
        /** The value of a function call: a Double or a String. */
        Object call(Call c);

        /** The text of a user macro such as {@code {$X}} or {@code {$X:"ctx"}}. */
        String macro(String macro);
    }

    private final String s;
    private int pos;
    private final List<Call> calls = new ArrayList<>();

    private TriggerExpr(String s) {
        this.s = s;
    }

    /** The function calls of an expression; throws IllegalArgumentException on a syntax error. */
    static List<Call> calls(String expression) {
        TriggerExpr p = new TriggerExpr(expression);
        p.parse(c -> 0.0, m -> "0");
        return p.calls;
    }

    static boolean evaluate(String expression, Env env) {
        Object v = new TriggerExpr(expression).parse(env::call, env::macro);
        return toNumber(v) != 0;
    }

    private Object parse(Function<Call, Object> fn, Function<String, String> macro) {
        this.fn = fn;
        this.macro = macro;
        Object v = or();
        ws();
        if (pos != s.length()) {
            throw error("unexpected text");
        }
        return v;
    }

    private Function<Call, Object> fn;
    private Function<String, String> macro;

    private Object or() {
        Object v = and();
        while (keyword("or")) {
            Object r = and();
            v = (toNumber(v) != 0 || toNumber(r) != 0) ? 1.0 : 0.0;
        }
        return v;
    }

    private Object and() {
        Object v = not();
        while (keyword("and")) {
            Object r = not();
            v = (toNumber(v) != 0 && toNumber(r) != 0) ? 1.0 : 0.0;
        }
        return v;
    }

    private Object not() {
        if (keyword("not")) {
            return toNumber(not()) == 0 ? 1.0 : 0.0;
        }
        return compare();
    }

    private Object compare() {
        Object l = primary();
        ws();
        for (String op : new String[] {"<>", ">=", "<=", "=", ">", "<"}) {
            if (s.startsWith(op, pos)) {
                pos += op.length();
                Object r = primary();
                return compare(l, op, r) ? 1.0 : 0.0;
            }
        }
        return l;
    }

    private static boolean compare(Object l, String op, Object r) {
        if (l instanceof String || r instanceof String) {
            boolean eq = String.valueOf(l).equals(String.valueOf(r));
            return switch (op) {
                case "=" -> eq;
                case "<>" -> !eq;
                default -> throw new IllegalArgumentException("string operands for " + op + ": " + l + ", " + r);
            };
        }
        double a = (Double) l;
        double b = (Double) r;
        return switch (op) {
            case "=" -> Math.abs(a - b) < 1e-6;
            case "<>" -> Math.abs(a - b) >= 1e-6;
            case ">=" -> a >= b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            default -> a < b;
        };
    }

    private Object primary() {
        ws();
        if (pos >= s.length()) {
            throw error("operand expected");
        }
        char c = s.charAt(pos);
        if (c == '(') {
            pos++;
            Object v = or();
            ws();
            expect(')');
            return v;
        }
        if (c == '"') {
            int end = s.indexOf('"', pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }
        if (s.startsWith("{$", pos)) {
            int end = macroEnd(pos);
            String m = s.substring(pos, end);
            pos = end;
            return constant(macro.apply(m));
        }
        if (Character.isDigit(c) || c == '-' || c == '.') {
            int start = pos;
            pos++;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < s.length() && "smhdwKMGT".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            return constant(s.substring(start, pos));
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (!name.equals("last") && !name.equals("nodata")) {
                throw error("unsupported function " + name);
            }
            expect('(');
            return fn.apply(call(name));
        }
        throw error("unexpected '" + c + "'");
    }

    private Call call(String name) {
        if (pos >= s.length() || s.charAt(pos) != '/') {
            throw error("item reference /host/key expected");
        }
        int hostEnd = s.indexOf('/', pos + 1);
        String host = s.substring(pos + 1, hostEnd);
        pos = hostEnd + 1;
        int start = pos;
        int depth = 0;
        boolean quoted = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (quoted) {
                quoted = c != '"';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                break;
            }
            pos++;
        }
        String key = s.substring(start, pos);
        String param = null;
        if (pos < s.length() && s.charAt(pos) == ',') {
            int end = s.indexOf(')', pos);
            param = s.substring(pos + 1, end).trim();
            pos = end;
        }
        expect(')');
        if (name.equals("nodata") && param == null) {
            throw error("nodata needs a period");
        }
        Call c = new Call(name, host, key, param);
        calls.add(c);
        return c;
    }

    private int macroEnd(int from) {
        boolean quoted = false;
        for (int i = from + 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i + 1;
            }
        }
        throw error("unterminated macro");
    }

    /** A constant: a number with an optional suffix, else a string. */
    static Object constant(String text) {
        String t = text.trim();
        double mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 's' -> mult = 1;
                case 'm' -> mult = 60;
                case 'h' -> mult = 3600;
                case 'd' -> mult = 86400;
                case 'w' -> mult = 604800;
                case 'K' -> mult = 1024;
                case 'M' -> mult = 1024 * 1024;
                case 'G' -> mult = 1024.0 * 1024 * 1024;
                case 'T' -> mult = 1024.0 * 1024 * 1024 * 1024;
                default -> mult = 0;
            }
        }
        try {
            return mult == 0 ? Double.parseDouble(t) : Double.parseDouble(t.substring(0, t.length() - 1)) * mult;
        } catch (NumberFormatException e) {
            return t;
        }
    }

    static double toNumber(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("not a number: " + v);
    }

    private boolean keyword(String k) {
        ws();
        if (s.startsWith(k, pos) && pos + k.length() < s.length() && !Character.isLetterOrDigit(s.charAt(pos + k.length()))) {
            pos += k.length();
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw error("'" + c + "' expected");
        }
        pos++;
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + pos + " in: " + s);
    }
}
