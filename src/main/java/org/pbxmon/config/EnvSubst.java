package org.pbxmon.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} substitution in scalar strings; {@code $${} is a literal
 * {@code ${}. As in a POSIX shell, the default also applies when the variable is set but empty.
 * Substituted text is not scanned again. Messages name variables, never values.
 */
final class EnvSubst {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvSubst() {
    }

    /** The expanded string, or null after reporting every problem in it under {@code path}. */
    static String expand(String s, Map<String, String> env, String path, Problems problems) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean ok = true;
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    problems.add(path, "unterminated \"${\" (write $${ for a literal ${)");
                    return null;
                }
                String inner = s.substring(i + 2, close);
                int dash = inner.indexOf(":-");
                String name = dash < 0 ? inner : inner.substring(0, dash);
                if (!NAME.matcher(name).matches()) {
                    problems.add(path, "invalid ${...} reference: a variable name uses only A-Z, a-z, 0-9"
                            + " and _ and does not start with a digit (write $${ for a literal ${)");
                    ok = false;
                } else {
                    String value = env.get(name);
                    if (dash >= 0 && (value == null || value.isEmpty())) {
                        out.append(inner, dash + 2, inner.length());
                    } else if (value == null) {
                        problems.add(path, "environment variable " + name + " is not set");
                        ok = false;
                    } else {
                        out.append(value);
                    }
                }
                i = close + 1;
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return ok ? out.toString() : null;
    }
}
